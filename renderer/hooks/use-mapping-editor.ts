import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { CallArgs, CallResult } from '../../shared/contract/index.ts';
import type { MappingTarget } from '../../shared/contract/sources.ts';
import type { AppError } from '../../shared/errors.ts';
import type { SourceMapping, TableSpec } from '../../shared/source-mapping.ts';
import type { TimeRange } from '../../shared/time-range.ts';
import { bridge } from '../bridge/bridge.ts';
import { draftFromMapping, draftToMapping, type MappingDraft } from '../lib/mapping-form.ts';

/** `sources.describe` */
export function useDescribeSource() {
  return useMutation<CallResult<'sources.describe'>, AppError, CallArgs<'sources.describe'>>({
    mutationFn: (args) => bridge().call('sources.describe', args),
  });
}

/** `sources.preview` */
export function usePreviewMapping() {
  return useMutation<CallResult<'sources.preview'>, AppError, CallArgs<'sources.preview'>>({
    mutationFn: (args) => bridge().call('sources.preview', args),
  });
}

export type MappingEditor = ReturnType<typeof useMappingEditor>;

/**
 * The mapping part of a profile being edited: the table, the draft mapping and the problems shown
 * at its fields. `checked` is what saving calls: the draft checked by the schema and then against
 * the table itself, so a missing column or a wrong type is refused at its field before anything is saved.
 */
export function useMappingEditor(saved: TableSpec | undefined) {
  const [table, setTable] = useState(saved?.mapping?.table ?? saved?.table ?? '');
  const [draft, setDraftState] = useState<MappingDraft | null>(
    saved?.mapping ? draftFromMapping(saved.mapping) : null,
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [range, setRange] = useState<TimeRange>({ kind: 'relative', last: '7d' });
  const preview = usePreviewMapping();

  // Bumped by every edit: a check that answers after the draft changed describes an old draft.
  const edits = useRef(0);
  const setDraft = (d: MappingDraft | null) => {
    edits.current += 1;
    setDraftState(d);
    setProblems({});
    preview.reset();
  };

  const show = (found: { field: string; message: string }[]) => {
    const byField: Record<string, string> = {};
    for (const p of found) byField[p.field] ??= p.message;
    setProblems(byField);
  };

  /** The draft as a mapping the table accepts, or null with the problems shown. */
  const checked = async (source: MappingTarget): Promise<SourceMapping | null> => {
    if (!draft) return null;
    const built = draftToMapping(draft);
    if (!built.mapping) {
      setProblems(built.problems);
      return null;
    }
    const asked = edits.current;
    const result = await preview.mutateAsync({ source, mapping: built.mapping, timeRange: range });
    if (asked !== edits.current) return null;
    show(result.problems);
    return result.problems.length ? null : built.mapping;
  };

  /** What the profile saves: the mapping as checked, a bare table name (resolved when opened), or nothing (LiteLLM). */
  const spec = (mapping: SourceMapping | null): TableSpec | undefined =>
    mapping ? { mapping } : table ? { table } : undefined;

  return { table, setTable, draft, setDraft, problems, setProblems, range, setRange, preview, checked, spec };
}
