import { z } from 'zod';
import { Source } from '../connection.ts';
import { ErrorRow } from '../investigation.ts';
import { Identifier, SourceMapping, TableShape } from '../source-mapping.ts';
import { TimeRange } from '../time-range.ts';
import { defineArea } from './define.ts';
import { Profile, ProfileName, ProfileSecrets } from './profiles.ts';

/**
 * The database the mapping form reads: a source as the rest of the app names it, or the profile
 * being edited (perhaps unsaved) with the secrets typed into the form over those saved under `savedName`.
 */
export const MappingTarget = z.union([
  Source,
  z.object({
    kind: z.literal('draft'),
    profile: Profile,
    secrets: ProfileSecrets.optional(),
    savedName: ProfileName.optional(),
  }),
]);
export type MappingTarget = z.infer<typeof MappingTarget>;

export const MappingProblem = z.object({
  /** The form field that shows it: a call field, `success` or `table`. */
  field: z.string(),
  message: z.string(),
});
export type MappingProblem = z.infer<typeof MappingProblem>;

/** What the mapping form asks of a database: its tables, one table's shape, a suggested mapping, a preview. */
export const sourcesArea = defineArea({
  'sources.describe': {
    request: z.object({ source: MappingTarget, table: Identifier.optional() }),
    response: z.object({
      tables: z.array(z.string()),
      /** Tables that look like a built-in shape (llm_tracker_usage, <app>_llmcalllog, LiteLLM). */
      builtIn: z.array(z.string()),
      shape: TableShape.nullable(),
      /** Suggested from names and types (the built-in mapping where the shape fits). */
      suggested: SourceMapping.partial({ success: true }).nullable(),
    }),
  },
  /** A mapping checked against the table, and if it holds, its first result over the range. */
  'sources.preview': {
    request: z.object({
      source: MappingTarget,
      mapping: SourceMapping,
      timeRange: TimeRange.default({ kind: 'relative', last: '7d' }),
    }),
    response: z.object({
      /** Empty when the mapping holds; else each problem at its field, and nothing below is read. */
      problems: z.array(MappingProblem),
      from: z.string(),
      to: z.string(),
      calls: z.number(),
      failures: z.number(),
      /** The newest failures, as the errors view will show them. */
      rows: z.array(ErrorRow),
    }),
  },
});
