import { useState } from 'react';
import { ChevronIcon } from './Icons.tsx';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function Primitive({ value }: { value: Json }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">"{value}"</span>;
  if (typeof value === 'number') return <span className="json-number">{value}</span>;
  return <span className="json-bool">{String(value)}</span>;
}

function Node({
  name,
  value,
  depth,
  openDepth,
}: {
  name: string | null;
  value: Json;
  depth: number;
  openDepth: number;
}) {
  const isObject = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < openDepth);
  const keyLabel = name !== null && <span className="json-key">{name}: </span>;
  if (!isObject) {
    return (
      <div className="json-row" style={{ paddingLeft: depth * 14 + 16 }}>
        {keyLabel}
        <Primitive value={value} />
      </div>
    );
  }
  const entries: [string, Json][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <div>
      <button
        type="button"
        className="json-row json-toggle"
        style={{ paddingLeft: depth * 14 }}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <ChevronIcon size={12} className={`json-chevron${open ? ' open' : ''}`} />
        {keyLabel}
        <span className="json-summary">{summary}</span>
      </button>
      {open &&
        entries.map(([k, v]) => <Node key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />)}
      {open && entries.length === 0 && (
        <div className="json-row json-null" style={{ paddingLeft: depth * 14 + 30 }}>
          empty
        </div>
      )}
    </div>
  );
}

/** A collapsible view of a JSON value; the first `openDepth` levels start open. */
export function JsonTree({ value, openDepth = 1 }: { value: unknown; openDepth?: number }) {
  return (
    <div className="json-tree mono">
      <Node name={null} value={value as Json} depth={0} openDepth={openDepth} />
    </div>
  );
}
