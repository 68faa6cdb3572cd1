import type { Source } from '../../shared/connection.ts';
import { AppError } from '../../shared/errors.ts';
import { databaseForUrl } from './db/open-database.ts';
import type { CallSource } from './sources/call-source.ts';
import { LiteLLMSource } from './sources/litellm/litellm-source.ts';
import { openCallSource } from './sources/open-mapped.ts';
import type { ReleasableDatabase } from './db/releasable-database.ts';
import { releasableDemoDatabase } from './demo/demo-database.ts';
import type { Platform } from './platform/platform.ts';

/** Opens a named profile; supplied by the profiles module so this file stays transport-agnostic. */
export type ProfileOpener = (
  name: string,
  override?: { statementTimeoutSeconds?: number },
) => Promise<CallSource>;

/** The cache key of a source; a URL key holds its password, so it stays in memory only. */
const sourceKey = (source: Source) => {
  if (source.kind === 'demo') return 'demo';
  const timeout = source.statementTimeoutSeconds === undefined ? '' : `|t=${source.statementTimeoutSeconds}`;
  return source.kind === 'url'
    ? `url:${source.url}${timeout}${source.source ? `#${JSON.stringify(source.source)}` : ''}`
    : `profile:${source.name}${timeout}`;
};

/**
 * Holds one open CallSource per source for the life of the engine (pools, tunnels and the demo are
 * costly to open) and closes them all on shutdown. The demo alone is released once another source
 * opens (its PGlite holds ~500 MiB: web mode starts on it), and opens again on its next read.
 */
export class Connections {
  private readonly open = new Map<string, Promise<CallSource>>();
  private demo: ReleasableDatabase | null = null;

  /** `openProfile` comes from the profiles module, wired once where the engine is assembled. */
  constructor(
    private readonly platform: Platform,
    private readonly openProfile: ProfileOpener | null = null,
  ) {}

  /** The source's reads (LiteLLM's tables or a mapped table), opened once and then shared. */
  get(source: Source): Promise<CallSource> {
    const key = sourceKey(source);
    let db = this.open.get(key);
    if (!db) {
      db = this.openSource(source);
      // A failed open is not cached: the next call tries again (the server may be back).
      db.catch(() => this.open.delete(key));
      this.open.set(key, db);
    }
    if (source.kind === 'demo') this.demo?.keep();
    else
      void db.then(
        () => this.demo?.release(),
        () => undefined,
      );
    return db;
  }

  /** Whether the source is open or opening (not opened by asking). */
  has(source: Source): boolean {
    return this.open.has(sourceKey(source));
  }

  /** Drops a cached connection, e.g. after a profile was edited. */
  async forget(source: Source): Promise<void> {
    const key = sourceKey(source);
    const db = this.open.get(key);
    this.open.delete(key);
    if (source.kind === 'demo') this.demo = null;
    if (db) await (await db.catch(() => null))?.close();
  }

  private async openSource(source: Source): Promise<CallSource> {
    switch (source.kind) {
      case 'demo': {
        const demo = releasableDemoDatabase({
          now: () => this.platform.now(),
          cacheDir: this.platform.cacheDir,
          preparedDirs: this.platform.demoSnapshotDirs ?? [],
          inThread: this.platform.demoInThread ?? false,
        });
        // Known while it opens: another source opening meanwhile releases it as soon as it is open.
        this.demo = demo;
        // Opened now (the window's first screen waits for it), not at its first read.
        await demo.opened();
        return new LiteLLMSource(demo);
      }
      case 'url': {
        const db = databaseForUrl(source.url, source.statementTimeoutSeconds);
        // A table that does not fit closes what was opened: a failed open is not cached.
        return openCallSource(db, source.source).catch(async (err: unknown) => {
          await db.close();
          throw err;
        });
      }
      case 'profile':
        if (!this.openProfile)
          throw new AppError('NOT_FOUND', `No connection profile named "${source.name}"`);
        return this.openProfile(
          source.name,
          source.statementTimeoutSeconds ? { statementTimeoutSeconds: source.statementTimeoutSeconds } : {},
        );
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    this.demo = null;
    await Promise.all(all.map(async (p) => (await p.catch(() => null))?.close()));
  }
}
