import { z } from 'zod';
import { Source } from '../connection.ts';
import {
  Granularity,
  RequestPage,
  RequestPageQuery,
  Traffic,
  TrafficBasis,
  TrafficFilters,
} from '../traffic.ts';
import { defineArea } from './define.ts';

export const TrafficResult = Traffic.extend({ source: z.string() });
export type TrafficResult = z.infer<typeof TrafficResult>;

const request = {
  source: Source.default({ kind: 'demo' }),
  filters: TrafficFilters.default(TrafficFilters.parse({})),
  /** Omitted: chosen from the range (a day hourly, a month daily, a year monthly). */
  granularity: Granularity.optional(),
};

/** Every request, not only failures (DESIGN §8): overview with the first page, then further pages. */
export const trafficArea = defineArea({
  'traffic.run': {
    request: z.object({
      ...request,
      basis: z.union([TrafficBasis, z.literal('auto')]).default('auto'),
      page: RequestPageQuery.default(RequestPageQuery.parse({})),
    }),
    response: TrafficResult,
  },
  'traffic.requests': {
    request: z.object({ ...request, page: RequestPageQuery.default(RequestPageQuery.parse({})) }),
    response: RequestPage,
  },
});
