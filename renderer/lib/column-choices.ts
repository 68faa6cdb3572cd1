import type { ColumnKind, TableColumn } from '../../shared/source-mapping.ts';

export interface ColumnChoice {
  value: string;
  label: string;
  /** Its type is one the field accepts. */
  fits: boolean;
  /** Its name suggests the field. */
  suggested: boolean;
}

/** A column list for values of `kinds`: the columns `suggests` names first, then fitting types, then the rest. */
export function choices(
  columns: readonly TableColumn[],
  kinds: readonly ColumnKind[],
  suggests: (name: string) => boolean,
): ColumnChoice[] {
  const all = columns.map((c) => ({
    value: c.name,
    label: `${c.name} · ${c.type}`,
    fits: kinds.includes(c.kind),
    suggested: kinds.includes(c.kind) && suggests(c.name),
  }));
  // Stable: suggested, then fitting, then the rest, each in the table's column order.
  const rank = (c: ColumnChoice) => (c.suggested ? 0 : c.fits ? 1 : 2);
  return all
    .map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
    .map(([c]) => c);
}
