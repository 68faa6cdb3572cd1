import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ReportLocation } from '../../../shared/contract/reports.ts';
import { writeJsonFile } from '../platform/json-file.ts';

const FILE = 'report-location.json';
const NONE: ReportLocation = { outDir: null, dir: null, html: null, at: null };

/**
 * Where the last report went, kept in the data folder so the next export (in the app or the CLI)
 * can offer the same folder. Holds paths only, never a secret.
 */
export class ReportLocationStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, FILE);
  }

  async get(): Promise<ReportLocation> {
    try {
      const parsed = ReportLocation.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : NONE;
    } catch {
      // Missing or damaged: there is simply no remembered location.
      return NONE;
    }
  }

  set(location: ReportLocation): Promise<void> {
    return writeJsonFile(this.file, location);
  }
}
