import { TimeRange } from '../time-range.ts';
import { z } from 'zod';
import { Source } from '../connection.ts';
import { defineArea, defineEvents } from './define.ts';

/** Sent by the desktop shell: a `logdesk://open?…` link was opened, or a Back/Forward menu item chosen. */
export const viewEvents = defineEvents({
  /** The link's query string, already checked by the shell's URL policy; the renderer decodes it. */
  'view.open': z.object({ query: z.string().max(16_000) }),
  'view.history': z.object({ direction: z.enum(['back', 'forward']) }),
});

/** The source of the last query, so the app opens on it (only one a link could carry: never a password). */
export const viewArea = defineArea({
  'view.lastSource': {
    request: z.object({}).default({}),
    response: z.object({ source: Source.nullable(), timeRange: TimeRange.nullable().default(null) }),
  },
  'view.rememberSource': {
    request: z.object({ source: Source, timeRange: TimeRange.optional() }),
    response: z.object({ remembered: z.boolean() }),
  },
});
