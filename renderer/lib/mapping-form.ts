import { nameSuggests } from '../../shared/mapping-suggest.ts';
import { choices, type ColumnChoice } from './column-choices.ts';
import {
  emptyPartMessage,
  lookupsDraft,
  priceDraft,
  priceFromDraft,
  problemField,
  type LookupsDraft,
  type PriceTableDraft,
} from './mapping-parts.ts';
import {
  expectedKinds,
  SourceMapping,
  type CallField,
  type ColumnKind,
  type SuccessRule,
  type TableColumn,
} from '../../shared/source-mapping.ts';

/** What each part of the mapping form beside the columns (lookups, price and roll-up tables) is given. */
export interface MappingPartProps {
  draft: MappingDraft;
  tables: readonly string[];
  /** The columns of a table already read; `fetch` reads them. */
  columnsOf: (table: string) => TableColumn[];
  fetch: (table: string) => Promise<TableColumn[]>;
  problems: Record<string, string>;
  onChange: (draft: MappingDraft) => void;
}

/** What the mapping form edits: the table, one column per call field, the success rule as typed. */
export interface MappingDraft {
  table: string;
  builtIn?: string | undefined;
  columns: Partial<Record<CallField, string>>;
  successKind: SuccessRule['kind'];
  successColumn: string;
  /** Status values that mean success, comma separated. */
  successValues: string;
  httpMin: string;
  httpMax: string;
  /** The price table (LLMModelPrice), detected or typed; null for none. */
  priceTable: PriceTableDraft | null;
  /** Fields read through a lookup table (names through auth_user, providers); a field mapped anew drops its own. */
  lookups: LookupsDraft;
  /** The roll-up table (LLMTokenUsage); '' for none. */
  rollupTable: string;
  /** Carried over from a built-in mapping (LiteLLM's metadata keys); a field mapped anew drops its own. */
  fallbacks?: SourceMapping['fallbacks'];
  /** Status values that mean "in flight" (LLMCallLog's pending), carried over. */
  pendingValues?: string[] | undefined;
}

export const FIELD_LABELS: Record<CallField, string> = {
  time: 'Time',
  requestId: 'Request id',
  model: 'Model',
  deployment: 'Deployment',
  provider: 'Provider',
  keyAlias: 'Key / user',
  teamAlias: 'Team / app',
  statusCode: 'HTTP status code',
  errorType: 'Error type',
  errorMessage: 'Error message',
  promptTokens: 'Prompt tokens',
  completionTokens: 'Completion tokens',
  totalTokens: 'Total tokens',
  cachedTokens: 'Cached tokens',
  reasoningTokens: 'Reasoning tokens',
  cost: 'Cost',
  durationMs: 'Duration (ms)',
  retryCount: 'Retries',
  sessionId: 'Session id',
  metadata: 'Metadata (JSON)',
};

const BUILT_IN_LABELS: [RegExp, string][] = [
  [/llm_tracker_usage$/i, 'Django llm_tracker'],
  [/(^|_)llmcalllog$/i, 'LLMCallLog'],
  [/^LiteLLM_SpendLogs$/, 'LiteLLM'],
];

export interface TableChoice {
  value: string;
  label: string;
  builtIn: boolean;
}

/** The table list: detected built-in shapes first ("llm_tracker_usage — Django llm_tracker"), then the rest by name. */
export function tableChoices(tables: readonly string[], builtIn: readonly string[]): TableChoice[] {
  const shape = (t: string) => BUILT_IN_LABELS.find(([re]) => re.test(t))?.[1];
  const detected = builtIn.map((t) => ({
    value: t,
    label: `${t} — ${shape(t) ?? 'built-in'}`,
    builtIn: true,
  }));
  const rest = tables
    .filter((t) => !builtIn.includes(t))
    .map((t) => ({ value: t, label: t, builtIn: false }));
  return [...detected, ...rest];
}

const SUCCESS_KINDS: Record<SuccessRule['kind'], readonly ColumnKind[]> = {
  boolean: ['boolean', 'number'],
  status: ['text', 'number'],
  http: ['number', 'text'],
};

/** A field's column list: the one its name suggests first, then every column of a fitting type, then the others. */
export const columnChoices = (field: CallField, columns: readonly TableColumn[]) =>
  choices(columns, expectedKinds(field), (name) => nameSuggests(field, name));

const SUCCESS_NAMES: Record<SuccessRule['kind'], RegExp> = {
  boolean: /success|ok|succeeded/i,
  status: /^status$/i,
  http: /status_code|http_status|^status$/i,
};

/** The success column list for a kind of rule. */
export const successColumnChoices = (kind: SuccessRule['kind'], columns: readonly TableColumn[]) =>
  choices(columns, SUCCESS_KINDS[kind], (name) => SUCCESS_NAMES[kind].test(name));

type Suggested = Omit<SourceMapping, 'success'> & { success?: SuccessRule | undefined };

/** The draft of a saved or suggested mapping (a suggestion may have no success rule yet). */
export function draftFromMapping(m: Suggested): MappingDraft {
  const s = m.success;
  return {
    table: m.table,
    builtIn: m.builtIn,
    columns: { ...m.columns },
    successKind: s?.kind ?? 'boolean',
    successColumn: s?.column ?? '',
    successValues: s?.kind === 'status' ? s.successValues.join(', ') : 'success',
    httpMin: s?.kind === 'http' ? String(s.min) : '200',
    httpMax: s?.kind === 'http' ? String(s.max) : '399',
    priceTable: priceDraft(m.priceTable),
    lookups: lookupsDraft(m.lookups),
    rollupTable: m.rollups?.table ?? '',
    fallbacks: m.fallbacks,
    pendingValues: s?.kind === 'status' ? s.pendingValues : undefined,
  };
}

/** The tables besides the call table the draft reads: lookup, price and roll-up tables. */
export function relatedTables(d: MappingDraft): string[] {
  const tables = Object.values(d.lookups).map((l) => l!.table);
  if (d.priceTable) tables.push(d.priceTable.table);
  if (d.rollupTable) tables.push(d.rollupTable);
  return [...new Set(tables.filter(Boolean))];
}

/** A field's new column ('' unmaps it); a hand-made change means it is no longer the built-in as is. */
export function setColumn(d: MappingDraft, field: CallField, column: string): MappingDraft {
  const columns = { ...d.columns };
  if (column) columns[field] = column;
  else delete columns[field];
  const lookups = { ...d.lookups };
  delete lookups[field];
  const fallbacks = { ...(d.fallbacks ?? {}) };
  delete fallbacks[field];
  return { ...d, columns, lookups, fallbacks, builtIn: undefined };
}

const successRule = (d: MappingDraft) =>
  d.successKind === 'boolean'
    ? { kind: 'boolean', column: d.successColumn }
    : d.successKind === 'status'
      ? {
          kind: 'status',
          ...(d.successColumn ? { column: d.successColumn } : {}),
          successValues: d.successValues
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
          ...(d.pendingValues?.length ? { pendingValues: d.pendingValues } : {}),
        }
      : { kind: 'http', column: d.successColumn, min: Number(d.httpMin), max: Number(d.httpMax) };

/** The mapping the draft describes, checked by the contract's schema; problems keyed by form field. */
export function draftToMapping(
  d: MappingDraft,
): { mapping: SourceMapping; problems: null } | { mapping: null; problems: Record<string, string> } {
  if (!d.successColumn && !d.fallbacks?.success)
    return {
      mapping: null,
      problems: { success: 'success: pick the column that says whether a call succeeded' },
    };
  const parsed = SourceMapping.safeParse({
    table: d.table,
    columns: d.columns,
    success: successRule(d),
    ...(d.priceTable ? { priceTable: priceFromDraft(d.priceTable) } : {}),
    ...(Object.keys(d.lookups).length ? { lookups: d.lookups } : {}),
    ...(d.rollupTable ? { rollups: { table: d.rollupTable } } : {}),
    ...(d.fallbacks && Object.keys(d.fallbacks).length ? { fallbacks: d.fallbacks } : {}),
    ...(d.builtIn ? { builtIn: d.builtIn } : {}),
  });
  if (parsed.success) return { mapping: parsed.data, problems: null };
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = problemField(issue.path);
    const empty = issue.message === 'must not be empty' ? emptyPartMessage(field) : null;
    problems[field] ??= empty ?? `${field}: ${issue.message}`;
  }
  return { mapping: null, problems };
}

/** A sample or preview cell: short enough for the grid, whitespace runs shown as one space; the full value for the tooltip. */
export function cellText(value: string | null, max = 40): { text: string; full: string | undefined } {
  if (value === null) return { text: 'NULL', full: undefined };
  // A row read for the preview is not sanitised by the engine as samples are: no raw control character on screen.
  // eslint-disable-next-line no-control-regex
  value = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '�');
  const flat = value.replace(/\s+/g, ' ');
  return flat.length > max
    ? { text: `${flat.slice(0, max - 1)}…`, full: value }
    : { text: flat, full: undefined };
}

export type { ColumnChoice };
