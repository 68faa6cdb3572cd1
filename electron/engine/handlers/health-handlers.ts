import type { Handlers } from '../../../shared/contract/index.ts';
import { resolveRange } from '../../../shared/time-range.ts';
import type { EngineContext } from './context.ts';

export function healthHandlers(ctx: EngineContext): Pick<Handlers, 'health.check'> {
  return {
    'health.check': async ({ source, timeRange }) => {
      const calls = await ctx.connections.get(source);
      const now = ctx.platform.now();
      const report = await calls.healthCheck(resolveRange(timeRange, now), { now });
      ctx.platform.log.info('health check', {
        source: calls.description,
        findings: report.findings.length,
        ms: report.timings.totalMs,
      });
      return report;
    },
  };
}
