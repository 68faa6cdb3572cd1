import { z } from 'zod';
import { Source } from '../connection.ts';
import { Identifier, SourceMapping, TableShape } from '../source-mapping.ts';
import { defineArea } from './define.ts';

/** What the mapping form asks of a database: its tables, one table's shape, a suggested mapping. */
export const sourcesArea = defineArea({
  'sources.describe': {
    request: z.object({ source: Source, table: Identifier.optional() }),
    response: z.object({
      tables: z.array(z.string()),
      /** Tables that look like a built-in shape (llm_tracker_usage, <app>_llmcalllog, LiteLLM). */
      builtIn: z.array(z.string()),
      shape: TableShape.nullable(),
      /** Suggested from names and types (the built-in mapping where the shape fits). */
      suggested: SourceMapping.partial({ success: true }).nullable(),
    }),
  },
});
