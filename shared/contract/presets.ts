import { z } from 'zod';
import { Source } from '../connection.ts';
import { Filters } from '../filters.ts';
import { defineArea } from './define.ts';

export const PresetName = z
  .string()
  .trim()
  .min(1, 'a preset needs a name')
  .max(100, 'a preset name must be at most 100 characters');

/**
 * A saved investigation: where to look and what to look for. A relative time range ("last 24h")
 * stays relative, so applying the preset tomorrow looks at tomorrow's last 24 hours.
 */
export const Preset = z.object({
  name: PresetName,
  source: Source,
  filters: Filters,
  savedAt: z.string(),
});
export type Preset = z.infer<typeof Preset>;

export const presetsArea = defineArea({
  'presets.list': {
    request: z.object({}).default({}),
    response: z.object({ presets: z.array(Preset) }),
  },
  'presets.save': {
    request: z.object({
      name: PresetName,
      source: Source,
      filters: Filters,
      /** Replace a preset of the same name instead of refusing. */
      overwrite: z.boolean().default(false),
    }),
    response: Preset,
  },
  'presets.rename': {
    request: z.object({ from: PresetName, to: PresetName }),
    response: Preset,
  },
  'presets.remove': {
    request: z.object({ name: PresetName }),
    response: z.object({ removed: z.boolean() }),
  },
});
