import type { CallResult } from '../../shared/contract/index.ts';
import { count } from '../../shared/rate-words.ts';
import { cellText } from '../lib/mapping-form.ts';
import { formatTime } from '../lib/time-range-ui.ts';

/** The first result of a mapping: calls and failures over the range, and the newest failures. */
export function MappingPreview({ result }: { result: CallResult<'sources.preview'> }) {
  // The provider as the mapping reads it (a name through its lookup), when the table has one.
  const providers = result.rows.some((r) => r.provider !== null);
  return (
    <div className="mapping-preview" role="status">
      <p>
        <strong>{count(result.calls)} calls</strong>,{' '}
        <strong className="preview-failures">{count(result.failures)} failures</strong> from{' '}
        {formatTime(result.from)} to {formatTime(result.to)}.
      </p>
      {result.rows.length > 0 && (
        <table className="preview-rows">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Model</th>
              {providers && <th scope="col">Provider</th>}
              <th scope="col">Key / user</th>
              <th scope="col">Error type</th>
              <th scope="col">Error message</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => {
              const message = cellText(r.errorMessage, 70);
              return (
                <tr key={r.requestId}>
                  <td>{formatTime(r.time, true)}</td>
                  <td>{r.model ?? '—'}</td>
                  {providers && <td>{r.provider ?? '—'}</td>}
                  <td>{r.keyAlias ?? '—'}</td>
                  <td>{r.errorType}</td>
                  <td title={message.full}>{message.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
