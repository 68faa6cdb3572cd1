import type { Handlers } from '../../../shared/contract/index.ts';
import type { ValueField } from '../../../shared/contract/drilldown.ts';
import { AppError } from '../../../shared/errors.ts';
import type { FilterField } from '../../../shared/filters.ts';
import { isLlmConfigured } from '../../../shared/llm-settings.ts';
import type { AnalysisService } from '../analysis/analysis-service.ts';
import { distinctValues } from '../litellm/values-query.ts';
import { askFilters, type KnownValues } from '../llm/ask.ts';
import type { EngineContext } from './context.ts';

const VALUE_FIELD: Record<FilterField, ValueField> = {
  keyAliases: 'keyAlias',
  models: 'model',
  errorTypes: 'errorType',
  statusCodes: 'statusCode',
  teamAliases: 'teamAlias',
};

export const ASK_NEEDS_LLM = 'Asking in plain language needs an LLM: set a base URL and a model in the LLM settings';

export function askHandlers(ctx: EngineContext, analysis: AnalysisService): Pick<Handlers, 'ask.filters'> {
  return {
    'ask.filters': async ({ source, question, timeZone }) => {
      const settings = await analysis.settings.settings();
      if (!isLlmConfigured(settings)) throw new AppError('BAD_ARGUMENT', ASK_NEEDS_LLM);
      const zone = timeZone && isZone(timeZone) ? timeZone : 'UTC';
      const db = await ctx.connections.get(source);
      const now = ctx.platform.now();
      // The values the model may choose from: what the errors of the last week actually carry.
      const known = {} as KnownValues;
      for (const [field, valueField] of Object.entries(VALUE_FIELD) as [FilterField, ValueField][]) {
        known[field] = await distinctValues(db, { field: valueField, timeRange: { kind: 'relative', last: '7d' }, limit: 60 }, { now });
      }
      return askFilters({ settings, apiKey: await analysis.settings.apiKey() }, { question, known, now, timeZone: zone });
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
