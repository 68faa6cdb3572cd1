import { createHash } from 'node:crypto';
import { withoutSecrets, type Source } from '../../../shared/connection.ts';
import type { WatchSettings, WatchStatus } from '../../../shared/contract/watch.ts';
import { Filters } from '../../../shared/filters.ts';
import type { EngineContext } from '../handlers/context.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from './detector.ts';
import { postWebhook } from './notifiers.ts';
import { parseQuietHours } from './quiet-hours.ts';
import { runWatch, Watcher, type WatchEvent } from './watcher.ts';
import { rememberable, WatchStore } from './watch-store.ts';

interface Running {
  source: Source;
  settings: WatchSettings;
  thresholds: Thresholds;
  watcher: Watcher;
  stop: AbortController;
  lastError: string | null;
  webhook: string | null;
}

/** Watches are named by their source without its password: what the API shows is enough to switch one off. */
const keyOf = (s: Source) => JSON.stringify(withoutSecrets(s));
const nameOf = (s: Source) => (s.kind === 'profile' ? s.name : s.kind === 'demo' ? 'demo' : 'database URL');
/** The secret store's name for a watch's webhook (`LOGDESK_SECRET_WATCH_<PROFILE>_WEBHOOK` in web mode and the CLI). */
export const webhookSecretName = (s: Source) =>
  `watch:${s.kind === 'url' ? `url-${createHash('sha256').update(keyOf(s)).digest('hex').slice(0, 12)}` : nameOf(s)}:webhook`;

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
        ...(r.settings.filters ? { filters: r.settings.filters } : {}),
        webhookHost: r.webhook ? new URL(r.webhook).host : null,
        remembered: rememberable(r.source),
        inIncident: r.watcher.inIncident,
        lastError: r.lastError,
      })),
    };
  }

  async set(
    request: WatchSettings & { source: Source; enabled: boolean },
  ): Promise<{ watches: WatchStatus[] }> {
    const { source: named, enabled, webhook: given, ...settings } = request;
    // New settings for a watch named as the list shows it (no password) keep the password it runs with.
    const running = this.running.get(keyOf(named));
    const source = running && withoutSecrets(named) === named ? running.source : named;
    const secrets = this.ctx.platform.secrets;
    const webhook =
      !enabled || given === null
        ? null
        : (given ?? (running?.webhook || (await secrets.get(webhookSecretName(source))) || null));
    this.start(source, enabled ? settings : null, webhook, 'watch.set');
    if (webhook) await secrets.set(webhookSecretName(source), webhook);
    else await secrets.delete(webhookSecretName(source));
    await this.store.put(source, enabled ? settings : null);
    return this.list();
  }

  /** Starts the watches the watch file keeps; one that no longer parses is logged and skipped. */
  async restore(): Promise<void> {
    let stored;
    try {
      stored = await this.store.list();
    } catch (err) {
      this.ctx.platform.log.warn('watch file unreadable: no watch restored', {
        message: (err as Error).message,
      });
      return;
    }
    for (const { source, ...settings } of stored) {
      try {
        const webhook = (await this.ctx.platform.secrets.get(webhookSecretName(source))) || null;
        if (!this.running.has(keyOf(source))) this.start(source, settings, webhook, 'watches.json');
      } catch (err) {
        this.ctx.platform.log.warn('stored watch skipped', {
          source: nameOf(source),
          message: (err as Error).message,
        });
      }
    }
  }

  private start(source: Source, settings: WatchSettings | null, webhook: string | null, field: string): void {
    const key = keyOf(source);
    // Checked before the running watch is touched: a bad request leaves it as it was.
    const zone = settings?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const quiet = settings?.quietHours
      ? parseQuietHours(settings.quietHours, zone, `${field}: quietHours`)
      : null;
    this.running.get(key)?.stop.abort();
    this.running.delete(key);
    if (!settings) return;
    const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...settings.thresholds };
    const notify = async (event: WatchEvent) => {
      this.ctx.hub.emit('watch.event', { source: withoutSecrets(source), event });
      // A hook that fails is the poll's problem to show, as a database that fails is.
      if (webhook) await postWebhook(webhook, event);
    };
    const filters = Filters.parse({ ...settings.filters, timeRange: undefined });
    const watcher = new Watcher(
      () => this.ctx.connections.get(source),
      {
        name: nameOf(source),
        filters,
        everyMs: settings.everySeconds * 1000,
        baselineMs: 3_600_000,
        thresholds,
        quietHours: quiet,
      },
      notify,
      () => this.ctx.platform.now(),
    );
    const entry: Running = {
      source,
      settings,
      thresholds,
      watcher,
      stop: new AbortController(),
      lastError: null,
      webhook,
    };
    this.running.set(key, entry);
    void runWatch(watcher, {
      signal: entry.stop.signal,
      onPoll: () => (entry.lastError = null),
      onError: (message) => {
        if (entry.lastError === null)
          this.ctx.platform.log.warn('watch poll failed', { source: nameOf(source), message });
        entry.lastError = message;
      },
    });
  }

  stopAll(): void {
    for (const r of this.running.values()) r.stop.abort();
    this.running.clear();
  }
}
