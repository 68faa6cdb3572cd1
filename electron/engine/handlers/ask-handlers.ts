import type { Handlers } from '../../../shared/contract/index.ts';
import type { ValueField } from '../../../shared/contract/drilldown.ts';
import { AppError } from '../../../shared/errors.ts';
import { FILTER_FIELDS, type FilterField } from '../../../shared/filters.ts';
import { isLlmConfigured } from '../../../shared/llm-settings.ts';
import type { ResolvedRange } from '../../../shared/time-range.ts';
import type { AnalysisService } from '../analysis/analysis-service.ts';
import { askFilters, type AskReads, type KnownValues } from '../llm/ask.ts';
import type { CallSource } from '../sources/call-source.ts';
import type { EngineContext } from './context.ts';

const VALUE_FIELD: Record<FilterField, ValueField> = {
  keyAliases: 'keyAlias',
  models: 'model',
  errorTypes: 'errorType',
  statusCodes: 'statusCode',
  teamAliases: 'teamAlias',
};

export const ASK_NEEDS_LLM =
  'Asking in plain language needs an LLM: set a base URL and a model in the LLM settings';

/** Ask's reads through the source, whatever its kind (LiteLLM or a mapped table on any engine). */
function askReads(calls: CallSource, now: number): AskReads {
  const absolute = (range: ResolvedRange) => ({ kind: 'absolute' as const, ...range });
  return {
    async values(range) {
      const known = {} as KnownValues;
      for (const field of FILTER_FIELDS) {
        known[field] = await calls.values(
          { field: VALUE_FIELD[field], timeRange: absolute(range), limit: 60 },
          { now },
        );
      }
      return known;
    },
    search: (field, search, range) =>
      calls.values({ field: VALUE_FIELD[field], timeRange: absolute(range), search, limit: 10 }, { now }),
  };
}

export function askHandlers(ctx: EngineContext, analysis: AnalysisService): Pick<Handlers, 'ask.filters'> {
  return {
    'ask.filters': async ({ source, question, timeZone, timeRange }) => {
      const settings = await analysis.settings.settings();
      if (!isLlmConfigured(settings)) throw new AppError('BAD_ARGUMENT', ASK_NEEDS_LLM);
      const zone = timeZone && isZone(timeZone) ? timeZone : 'UTC';
      const calls = await ctx.connections.get(source);
      const now = ctx.platform.now();
      return askFilters(
        { settings, apiKey: await analysis.settings.apiKey() },
        {
          question,
          fallback: timeRange ?? { kind: 'relative', last: '24h' },
          now,
          timeZone: zone,
          reads: askReads(calls, now),
        },
      );
    },
  };
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
