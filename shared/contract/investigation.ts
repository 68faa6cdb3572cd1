import { z } from 'zod';
import { Source } from '../connection.ts';
import { Filters } from '../filters.ts';
import { Investigation } from '../investigation.ts';
import { defineArea } from './define.ts';

export const InvestigationResult = Investigation.extend({
  /** Handle for follow-up calls (export, patterns) on the same result, held by the engine. */
  id: z.string(),
  source: z.string(),
});
export type InvestigationResult = z.infer<typeof InvestigationResult>;

export const investigationArea = defineArea({
  'investigation.run': {
    request: z.object({ source: Source.default({ kind: 'demo' }), filters: Filters.default(Filters.parse({})) }),
    response: InvestigationResult,
  },
});
