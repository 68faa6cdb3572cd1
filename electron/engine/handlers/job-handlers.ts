import type { Handlers } from '../../../shared/contract/index.ts';
import type { EngineContext } from './context.ts';

export function jobHandlers(ctx: EngineContext): Pick<Handlers, 'job.cancel'> {
  return {
    'job.cancel': async ({ jobId }) => ({ cancelled: ctx.jobs.cancel(jobId) }),
  };
}
