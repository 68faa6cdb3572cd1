import { TimeRange } from '../../../shared/time-range.ts';
import { join } from 'node:path';
import { z } from 'zod';
import { Source } from '../../../shared/connection.ts';
import { sourceInLink } from '../../../shared/view-link.ts';
import { readJsonFile, writeJsonFile } from '../platform/json-file.ts';
import type { Logger } from '../platform/platform.ts';

/** The time range of that query too: reopening the app shows the incident it was looking at (issue 24 item 9). */
const LastSourceFile = z.object({ version: z.literal(1), source: Source, timeRange: TimeRange.optional() });

/**
 * `dataDir/last-source.json`: where the app opens. Only a source a link could carry is kept (demo, a
 * profile name, a URL without password or options), so no secret is ever written here.
 */
export class LastSourceStore {
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly log: Logger,
  ) {
    this.file = join(dataDir, 'last-source.json');
  }

  async get(): Promise<Source | null> {
    return (await this.read())?.source ?? null;
  }

  async timeRange(): Promise<TimeRange | null> {
    return (await this.read())?.timeRange ?? null;
  }

  private async read(): Promise<z.infer<typeof LastSourceFile> | null> {
    try {
      return await readJsonFile(this.file, LastSourceFile);
    } catch (err) {
      // A damaged file only costs the shortcut: the app opens without a query.
      this.log.warn('last source unreadable', { message: (err as Error).message });
      return null;
    }
  }

  async remember(source: Source, timeRange?: TimeRange): Promise<boolean> {
    if (!sourceInLink(source)) return false;
    const { statementTimeoutSeconds: _timeout, ...kept } = source as Source & {
      statementTimeoutSeconds?: number;
    };
    await writeJsonFile(this.file, { version: 1, source: kept, ...(timeRange ? { timeRange } : {}) });
    return true;
  }
}
