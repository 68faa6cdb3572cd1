import type { Handlers } from '../../../shared/contract/index.ts';
import type { WatchService } from '../watch/watch-service.ts';

export function watchHandlers(watches: WatchService): Pick<Handlers, 'watch.list' | 'watch.set'> {
  return {
    'watch.list': async () => watches.list(),
    'watch.set': async (request) => watches.set(request),
  };
}
