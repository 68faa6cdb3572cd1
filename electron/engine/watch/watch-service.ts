import { withoutSecrets, type Source } from '../../../shared/connection.ts';
import type { WatchSettings, WatchStatus } from '../../../shared/contract/watch.ts';
import { Filters } from '../../../shared/filters.ts';
import type { EngineContext } from '../handlers/context.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from './detector.ts';
import { parseQuietHours } from './quiet-hours.ts';
import { runWatch, Watcher } from './watcher.ts';
import { rememberable, WatchStore } from './watch-store.ts';

interface Running {
  source: Source;
  settings: WatchSettings;
  thresholds: Thresholds;
  watcher: Watcher;
  stop: AbortController;
  lastError: string | null;
}

/** Watches are named by their source without its password: what the API shows is enough to switch one off. */
const keyOf = (s: Source) => JSON.stringify(withoutSecrets(s));
const nameOf = (s: Source) => (s.kind === 'profile' ? s.name : s.kind === 'demo' ? 'demo' : 'database URL');

/**
 * The engine's watches, one per source: each polls on its own and emits `watch.event` once per
 * incident and recovery. Switched-on watches are kept in the watch file; a long-running host
 * (the desktop app, web mode) starts them again with `restore`.
 */
export class WatchService {
  private readonly running = new Map<string, Running>();
  private readonly store: WatchStore;

  constructor(private readonly ctx: EngineContext) {
    this.store = new WatchStore(ctx.platform.dataDir);
  }

  list(): { watches: WatchStatus[] } {
    return {
      // The password of a URL stays in memory here: no answer carries it.
      watches: [...this.running.values()].map((r) => ({
        source: withoutSecrets(r.source),
        everySeconds: r.settings.everySeconds,
        quietHours: r.settings.quietHours,
        thresholds: r.thresholds,
        remembered: rememberable(r.source),
        inIncident: r.watcher.inIncident,
        lastError: r.lastError,
      })),
    };
  }

  async set(request: WatchSettings & { source: Source; enabled: boolean }): Promise<{ watches: WatchStatus[] }> {
    const { source: named, enabled, ...settings } = request;
    // New settings for a watch named as the list shows it (no password) keep the password it runs with.
    const running = this.running.get(keyOf(named));
    const source = running && withoutSecrets(named) === named ? running.source : named;
    this.start(source, enabled ? settings : null, 'watch.set');
    await this.store.put(source, enabled ? settings : null);
    return this.list();
  }

  /** Starts the watches the watch file keeps; one that no longer parses is logged and skipped. */
  async restore(): Promise<void> {
    let stored;
    try {
      stored = await this.store.list();
    } catch (err) {
      this.ctx.platform.log.warn('watch file unreadable: no watch restored', { message: (err as Error).message });
      return;
    }
    for (const { source, ...settings } of stored) {
      try {
        if (!this.running.has(keyOf(source))) this.start(source, settings, 'watches.json');
      } catch (err) {
        this.ctx.platform.log.warn('stored watch skipped', { source: nameOf(source), message: (err as Error).message });
      }
    }
  }

  private start(source: Source, settings: WatchSettings | null, field: string): void {
    const key = keyOf(source);
    // Checked before the running watch is touched: a bad request leaves it as it was.
    const zone = settings?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const quiet = settings?.quietHours ? parseQuietHours(settings.quietHours, zone, `${field}: quietHours`) : null;
    this.running.get(key)?.stop.abort();
    this.running.delete(key);
    if (!settings) return;
    const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...settings.thresholds };
    const watcher = new Watcher(
      () => this.ctx.connections.get(source),
      { name: nameOf(source), filters: Filters.parse({}), everyMs: settings.everySeconds * 1000, baselineMs: 3_600_000, thresholds, quietHours: quiet },
      async (event) => this.ctx.hub.emit('watch.event', { source: withoutSecrets(source), event }),
      () => this.ctx.platform.now(),
    );
    const entry: Running = { source, settings, thresholds, watcher, stop: new AbortController(), lastError: null };
    this.running.set(key, entry);
    void runWatch(watcher, {
      signal: entry.stop.signal,
      onPoll: () => (entry.lastError = null),
      onError: (message) => {
        if (entry.lastError === null) this.ctx.platform.log.warn('watch poll failed', { source: nameOf(source), message });
        entry.lastError = message;
      },
    });
  }

  stopAll(): void {
    for (const r of this.running.values()) r.stop.abort();
    this.running.clear();
  }
}
