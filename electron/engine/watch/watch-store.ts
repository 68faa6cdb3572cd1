import { join } from 'node:path';
import { z } from 'zod';
import { Source } from '../../../shared/connection.ts';
import { WatchSettings } from '../../../shared/contract/watch.ts';
import { readJsonFile, writeJsonFile } from '../platform/json-file.ts';

export const StoredWatch = WatchSettings.extend({ source: Source });
export type StoredWatch = z.infer<typeof StoredWatch>;
const WatchFile = z.object({ version: z.literal(1), watches: z.array(StoredWatch) });

/** A URL with a password is watched for this run only: no secret is ever written to the watch file. */
export function rememberable(source: Source): boolean {
  if (source.kind !== 'url') return true;
  try {
    return new URL(source.url).password === '';
  } catch {
    return false;
  }
}

const keyOf = (s: Source) => JSON.stringify(s);

/**
 * The switched-on watches in `dataDir/watches.json`, so the desktop app watches again after a
 * restart. Written atomically and one change at a time.
 */
export class WatchStore {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = join(dataDir, 'watches.json');
  }

  async list(): Promise<StoredWatch[]> {
    return (await readJsonFile(this.file, WatchFile))?.watches ?? [];
  }

  /** Stores (or, with null, forgets) the watch of `source`. */
  put(source: Source, settings: WatchSettings | null): Promise<void> {
    const next = this.queue.then(async () => {
      const kept = (await this.list()).filter((w) => keyOf(w.source) !== keyOf(source));
      if (settings && rememberable(source)) kept.push({ ...settings, source });
      await writeJsonFile(this.file, { version: 1, watches: kept });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
