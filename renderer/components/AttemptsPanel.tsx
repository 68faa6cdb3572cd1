import type { FailedAttempts } from '../../shared/investigation.ts';
import { count } from '../../shared/rate-words.ts';

const SHOWN = 8;

/**
 * Failed attempts by deployment (DESIGN §2): every failed call LiteLLM made to a deployment,
 * including the ones a retry or a fallback rescued — which replica behind a model group is failing.
 * A measure beside the failed requests, never part of them.
 */
export function AttemptsPanel({ attempts, keyFiltered }: { attempts: FailedAttempts; keyFiltered: boolean }) {
  const rows = attempts.byDeployment.slice(0, SHOWN);
  const types = attempts.byErrorType.slice(0, 4);
  const codes = attempts.byStatusCode.slice(0, 4);
  return (
    <section className="card attempts-card" aria-labelledby="attempts-title">
      <header className="card-header">
        <h3 id="attempts-title">Failed attempts by deployment</h3>
        <span className="muted card-hint">
          {count(attempts.total)} {attempts.total === 1 ? 'attempt' : 'attempts'}, rescued ones included
        </span>
      </header>
      {attempts.note && <p className="muted attempts-note">{attempts.note}</p>}
      {rows.length === 0 ? (
        <p className="muted attempts-note">
          {keyFiltered
            ? 'A key-alias or team filter leaves the failed attempts out: LiteLLM records no key or team on them.'
            : 'No failed attempt on a deployment in this range.'}
        </p>
      ) : (
        <table className="attempts-table" aria-label="Failed attempts by deployment">
          <thead>
            <tr>
              <th scope="col">Deployment</th>
              <th scope="col">API base</th>
              <th scope="col">Model group</th>
              <th scope="col" className="num">
                Attempts
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={`${d.deployment}\u0000${d.apiBase}\u0000${d.model}`}>
                <td className="mono">{d.deployment ?? '—'}</td>
                <td className="mono attempts-base" title={d.apiBase ?? ''}>
                  {d.apiBase ?? '—'}
                </td>
                <td>{d.model ?? '—'}</td>
                <td className="num">{count(d.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(types.length > 0 || codes.length > 0) && (
        <p className="muted attempts-note">
          {types.map((t) => `${t.errorType} ${count(t.count)}`).join(' · ')}
          {codes.length > 0 &&
            ` — status ${codes.map((c) => `${c.statusCode ?? '?'} ${count(c.count)}`).join(' · ')}`}
        </p>
      )}
    </section>
  );
}
