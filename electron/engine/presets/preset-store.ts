import { readFile, rename } from 'node:fs/promises';
import { writeJsonFile } from '../platform/json-file.ts';
import { join } from 'node:path';
import { z } from 'zod';
import { withoutSecrets, type Source } from '../../../shared/connection.ts';
import { Preset } from '../../../shared/contract/presets.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Filters } from '../../../shared/filters.ts';
import type { Logger } from '../platform/platform.ts';

const PresetFile = z.object({ version: z.literal(1), presets: z.array(Preset) });

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
const byName = (a: Preset, b: Preset) => a.name.localeCompare(b.name);

/**
 * Presets in `dataDir/presets.json`, written atomically (temp file + rename) and one change at a
 * time, so two windows saving at once cannot lose each other's preset.
 */
export class PresetStore {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.file = join(dataDir, 'presets.json');
  }

  async list(): Promise<Preset[]> {
    return (await this.read()).sort(byName);
  }

  save(name: string, source: Source, filters: Filters, overwrite: boolean): Promise<Preset> {
    return this.change((presets) => {
      const existing = presets.findIndex((p) => sameName(p.name, name));
      if (existing >= 0 && !overwrite) {
        throw new AppError(
          'BAD_ARGUMENT',
          `A preset named "${presets[existing]!.name}" already exists: choose another name or replace it`,
        );
      }
      const preset: Preset = {
        name,
        source: withoutSecrets(source),
        filters,
        savedAt: new Date(this.now()).toISOString(),
      };
      const next = presets.filter((_, i) => i !== existing);
      next.push(preset);
      return { presets: next, result: preset };
    });
  }

  rename(from: string, to: string): Promise<Preset> {
    return this.change((presets) => {
      const preset = presets.find((p) => sameName(p.name, from));
      if (!preset) throw new AppError('NOT_FOUND', `No preset named "${from}"`);
      const clash = presets.find((p) => p !== preset && sameName(p.name, to));
      if (clash) throw new AppError('BAD_ARGUMENT', `A preset named "${clash.name}" already exists`);
      const renamed = { ...preset, name: to };
      return { presets: presets.map((p) => (p === preset ? renamed : p)), result: renamed };
    });
  }

  remove(name: string): Promise<boolean> {
    return this.change((presets) => {
      const next = presets.filter((p) => !sameName(p.name, name));
      return { presets: next, result: next.length !== presets.length };
    });
  }

  private change<T>(edit: (presets: Preset[]) => { presets: Preset[]; result: T }): Promise<T> {
    const run = this.queue.then(async () => {
      const { presets, result } = edit(await this.read());
      await this.write(presets.sort(byName));
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<Preset[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AppError('INTERNAL', `Cannot read the presets file ${this.file}: ${(err as Error).message}`);
    }
    let parsed: z.ZodSafeParseResult<z.infer<typeof PresetFile>>;
    try {
      parsed = PresetFile.safeParse(JSON.parse(text));
    } catch {
      parsed = PresetFile.safeParse(null);
    }
    if (parsed.success) return parsed.data.presets;
    // A damaged file is kept aside for the user rather than silently overwritten by the next save.
    const aside = `${this.file}.damaged-${this.now()}`;
    await rename(this.file, aside).catch(() => undefined);
    this.log.warn('presets file was not valid; moved aside', { file: aside });
    return [];
  }

  private write(presets: Preset[]): Promise<void> {
    return writeJsonFile(this.file, { version: 1, presets });
  }
}
