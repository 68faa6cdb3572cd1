import type { Source } from '../../../shared/connection.ts';
import type { WatchStatus } from '../../../shared/contract/watch.ts';
import { Filters } from '../../../shared/filters.ts';
import type { EngineContext } from '../handlers/context.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from './detector.ts';
import { parseQuietHours } from './quiet-hours.ts';
import { runWatch, Watcher } from './watcher.ts';

interface Running {
  source: Source;
  everySeconds: number;
  quietHours: string | null;
  watcher: Watcher;
  stop: AbortController;
  lastError: string | null;
}

const keyOf = (s: Source) => JSON.stringify(s);
const nameOf = (s: Source) => (s.kind === 'profile' ? s.name : s.kind === 'demo' ? 'demo' : 'database URL');

/** The engine's watches, one per source: each polls on its own and emits `watch.event` once per incident and recovery. */
export class WatchService {
  private readonly running = new Map<string, Running>();

  constructor(private readonly ctx: EngineContext) {}

  list(): { watches: WatchStatus[] } {
    return {
      watches: [...this.running.values()].map((r) => ({
        source: r.source,
        everySeconds: r.everySeconds,
        quietHours: r.quietHours,
        inIncident: r.watcher.inIncident,
        lastError: r.lastError,
      })),
    };
  }

  set(request: { source: Source; enabled: boolean; everySeconds: number; quietHours: string | null; timeZone?: string | undefined; thresholds?: Partial<Thresholds> }): { watches: WatchStatus[] } {
    const key = keyOf(request.source);
    // Checked before the running watch is touched: a bad request leaves it as it was.
    const zone = request.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const quiet = request.enabled && request.quietHours ? parseQuietHours(request.quietHours, zone, 'watch.set: quietHours') : null;
    this.running.get(key)?.stop.abort();
    this.running.delete(key);
    if (!request.enabled) return this.list();
    const { source } = request;
    const watcher = new Watcher(
      () => this.ctx.connections.get(source),
      { name: nameOf(source), filters: Filters.parse({}), everyMs: request.everySeconds * 1000, baselineMs: 3_600_000, thresholds: { ...DEFAULT_THRESHOLDS, ...request.thresholds }, quietHours: quiet },
      async (event) => this.ctx.hub.emit('watch.event', { source, event }),
      () => this.ctx.platform.now(),
    );
    const entry: Running = { source, everySeconds: request.everySeconds, quietHours: request.quietHours, watcher, stop: new AbortController(), lastError: null };
    this.running.set(key, entry);
    void runWatch(watcher, {
      signal: entry.stop.signal,
      onPoll: () => (entry.lastError = null),
      onError: (message) => {
        if (entry.lastError === null) this.ctx.platform.log.warn('watch poll failed', { source: nameOf(source), message });
        entry.lastError = message;
      },
    });
    return this.list();
  }

  stopAll(): void {
    for (const r of this.running.values()) r.stop.abort();
    this.running.clear();
  }
}
