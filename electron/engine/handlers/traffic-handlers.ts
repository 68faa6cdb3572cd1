import type { Handlers } from '../../../shared/contract/index.ts';
import { resolveTrafficQuery } from '../traffic/traffic-query.ts';
import type { EngineContext } from './context.ts';

export function trafficHandlers(ctx: EngineContext): Pick<Handlers, 'traffic.run' | 'traffic.requests'> {
  const { prices } = ctx.stores;
  return {
    'traffic.run': async ({ source, filters, granularity, basis, page }) => {
      // A query the range or granularity makes impossible is refused before a source is opened (the demo takes seconds).
      resolveTrafficQuery(filters, { now: ctx.platform.now(), granularity, currency: 'USD' });
      const calls = await ctx.connections.get(source);
      const result = await calls.traffic(filters, {
        now: ctx.platform.now(),
        granularity,
        basis,
        page,
        prices: await prices.get(),
      });
      ctx.platform.log.info('traffic', {
        source: calls.description,
        requests: result.summary.requests,
        basis: result.basis,
        ms: result.timings.totalMs,
      });
      return { ...result, source: calls.description };
    },
    'traffic.requests': async ({ source, filters, granularity, page }) => {
      resolveTrafficQuery(filters, { now: ctx.platform.now(), granularity, currency: 'USD' });
      const calls = await ctx.connections.get(source);
      return calls.trafficRequests(filters, page, {
        now: ctx.platform.now(),
        granularity,
        prices: await prices.get(),
      });
    },
  };
}
