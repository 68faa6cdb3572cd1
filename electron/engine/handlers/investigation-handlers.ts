import { randomUUID } from 'node:crypto';
import type { Handlers } from '../../../shared/contract/index.ts';
import { investigateSource } from '../sources/investigate-mapped.ts';
import type { EngineContext } from './context.ts';

export function investigationHandlers(ctx: EngineContext): Pick<Handlers, 'investigation.run'> {
  return {
    'investigation.run': async ({ source, filters }) => {
      const db = await ctx.connections.get(source);
      const started = Date.now();
      const investigation = await investigateSource(db, filters, { now: ctx.platform.now() });
      ctx.platform.log.info('investigation', { source: db.description, total: investigation.total, ms: Date.now() - started });
      // Timed here, not in investigate(): the oracle tests compare its results whole across transports.
      const timings = { investigateMs: Date.now() - started };
      const result = { ...investigation, timings, id: randomUUID(), source: db.description };
      ctx.results.add(result, source);
      return result;
    },
  };
}
