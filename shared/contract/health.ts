import { z } from 'zod';
import { Source } from '../connection.ts';
import { HealthReport } from '../health.ts';
import { TimeRange } from '../time-range.ts';
import { defineArea } from './define.ts';

/** Logging integrity, spend reconciliation and the database's health (issue #25): read-only, any range. */
export const healthArea = defineArea({
  'health.check': {
    request: z.object({
      source: Source.default({ kind: 'demo' }),
      timeRange: TimeRange.default({ kind: 'relative', last: '7d' }),
    }),
    response: HealthReport,
  },
});
