import { z } from 'zod';
import { defineArea } from './define.ts';

/** How the app shows times: in UTC (the gateway's clock) or in the viewer's own zone. */
export const TimeZoneChoice = z.enum(['utc', 'local']);
export type TimeZoneChoice = z.infer<typeof TimeZoneChoice>;

export const DisplaySettings = z.object({ timeZone: TimeZoneChoice.default('local') });
export type DisplaySettings = z.infer<typeof DisplaySettings>;

export const displayArea = defineArea({
  /** The display choices remembered in the data folder (defaults when none were saved). */
  'display.settings.get': { request: z.object({}).default({}), response: DisplaySettings },
  'display.settings.save': { request: DisplaySettings, response: DisplaySettings },
});
