import { useEffect, useRef, useState } from 'react';
import type { MappingTarget } from '../../shared/contract/sources.ts';
import type { TableColumn } from '../../shared/source-mapping.ts';
import { bridge } from '../bridge/bridge.ts';

/**
 * The columns of the tables a mapping reads beside the call table (lookup, price and roll-up tables),
 * read once per table through `sources.describe`: those in `wanted` as they appear, others on `fetch`
 * (picking a new table, whose columns then prefill its part of the form).
 */
export function useTableColumns(target: () => MappingTarget | null, wanted: readonly string[]) {
  const [loaded, setLoaded] = useState<Record<string, TableColumn[]>>({});
  const reads = useRef(new Map<string, Promise<TableColumn[]>>());
  // The form's target is a new function each render; the latest one is read when a table is asked for.
  const latest = useRef(target);
  latest.current = target;

  const fetch = (table: string): Promise<TableColumn[]> => {
    const known = reads.current.get(table);
    if (known) return known;
    const source = latest.current();
    if (!table || !source) return Promise.resolve([]);
    const read = bridge()
      .call('sources.describe', { source, table })
      .then((d) => {
        const columns = d.shape?.columns ?? [];
        setLoaded((l) => ({ ...l, [table]: columns }));
        return columns;
      })
      .catch(() => {
        // Not cached: the table may appear or the connection come back. The preview names the problem.
        reads.current.delete(table);
        return [] as TableColumn[];
      });
    reads.current.set(table, read);
    return read;
  };
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const key = wanted.filter(Boolean).join('\u0000');
  useEffect(() => {
    if (key) for (const t of key.split('\u0000')) void fetchRef.current(t);
  }, [key]);

  return { columnsOf: (table: string): TableColumn[] => loaded[table] ?? [], fetch };
}
