import type { TableShape } from '../../shared/source-mapping.ts';
import { cellText } from '../lib/mapping-form.ts';

/** A table's columns with their types, and its first rows: long values cut, the full one on hover. */
export function TableSample({ shape }: { shape: TableShape }) {
  return (
    <div
      className="table-sample"
      role="region"
      aria-label={`Columns and sample rows of ${shape.table}`}
      tabIndex={0}
    >
      <table>
        <thead>
          <tr>
            {shape.columns.map((c) => (
              <th key={c.name} scope="col">
                <span className="sample-name">{c.name}</span>
                <span className="sample-type">{c.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shape.sample.map((row, i) => (
            <tr key={i}>
              {shape.columns.map((c) => {
                const cell = cellText(row[c.name] ?? null);
                return (
                  <td
                    key={c.name}
                    title={cell.full}
                    className={row[c.name] === null ? 'sample-null' : undefined}
                  >
                    {cell.text}
                  </td>
                );
              })}
            </tr>
          ))}
          {shape.sample.length === 0 && (
            <tr>
              <td colSpan={shape.columns.length} className="muted">
                The table is empty.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
