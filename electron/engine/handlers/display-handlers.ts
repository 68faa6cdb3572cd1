import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Handlers } from '../../../shared/contract/index.ts';
import { DisplaySettings } from '../../../shared/contract/display.ts';
import { writeJsonFile } from '../platform/json-file.ts';

const DEFAULTS = DisplaySettings.parse({});

/** The display choices (UTC or local times), one small file in the data folder. */
export function displayHandlers(
  dataDir: string,
): Pick<Handlers, 'display.settings.get' | 'display.settings.save'> {
  const file = join(dataDir, 'display.json');
  return {
    'display.settings.get': async () => {
      try {
        return DisplaySettings.safeParse(JSON.parse(await readFile(file, 'utf8'))).data ?? DEFAULTS;
      } catch {
        // Missing or damaged: the defaults.
        return DEFAULTS;
      }
    },
    'display.settings.save': async (settings) => {
      await writeJsonFile(file, settings);
      return settings;
    },
  };
}
