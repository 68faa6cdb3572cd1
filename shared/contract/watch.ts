import { z } from 'zod';
import { Source } from '../connection.ts';
import { Filters } from '../filters.ts';
import { defineArea, defineEvents } from './define.ts';

/** What a watch reports when an incident starts or ends (electron/engine/watch/watcher.ts). */
export const WatchEventData = z.object({
  kind: z.enum(['incident', 'recovered']),
  watch: z.string(),
  since: z.string(),
  at: z.string(),
  reason: z.string(),
  current: z.object({ errors: z.number(), requests: z.number() }),
  message: z.string(),
  /** The incident's view: the watch's filters over the incident's time. */
  view: Filters,
});
export type WatchEventData = z.infer<typeof WatchEventData>;

export const WatchStatus = z.object({
  source: Source,
  everySeconds: z.number(),
  quietHours: z.string().nullable(),
  inIncident: z.boolean(),
  /** The last poll's problem (database down…), or null. */
  lastError: z.string().nullable(),
});
export type WatchStatus = z.infer<typeof WatchStatus>;

/** Watches that run inside the engine (the desktop app's per-connection switch; the CLI has `logdesk watch`). */
export const watchArea = defineArea({
  'watch.list': {
    request: z.object({}).default({}),
    response: z.object({ watches: z.array(WatchStatus) }),
  },
  'watch.set': {
    request: z.object({
      source: Source,
      enabled: z.boolean(),
      everySeconds: z.number().int().min(10, 'at least 10 seconds').max(3_600, 'at most 3600 seconds').default(60),
      /** Local HH:MM-HH:MM during which notifications wait, e.g. 22:00-07:00. */
      quietHours: z.string().max(20).nullable().default(null),
      timeZone: z.string().max(100).optional(),
      /** Overrides of the detector's defaults (electron/engine/watch/detector.ts). */
      thresholds: z
        .object({
          spikeFactor: z.number().min(1),
          minErrors: z.number().int().min(1),
          rateJump: z.number().min(0).max(1),
          minRequests: z.number().int().min(1),
          recoverAfter: z.number().int().min(1).max(100),
        })
        .partial()
        .default({}),
    }),
    response: z.object({ watches: z.array(WatchStatus) }),
  },
});

export const watchEvents = defineEvents({
  /** An incident started or ended on a watched source. */
  'watch.event': z.object({ source: Source, event: WatchEventData }),
  /** Sent by the desktop shell when a notification is clicked: show this view. */
  'watch.open': z.object({ source: Source, view: Filters }),
});
