const text = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/**
 * The failed attempts of a request's model group that started inside its start–end (DESIGN §2).
 * No id links an ErrorLogs row to a request: the heading says they are matched by time.
 */
export function MatchedAttempts({ rows }: { rows: Record<string, unknown>[] }) {
  if (rows.length === 0) return null;
  return (
    <section className="detail-section" aria-labelledby="matched-attempts-title">
      <header className="detail-section-header">
        <h4 id="matched-attempts-title">Failed attempts, matched by time ({rows.length})</h4>
      </header>
      <p className="muted small">
        LiteLLM_ErrorLogs rows of the same model group that started while this request ran. No id links them
        to it: on a busy group one may belong to another request.
      </p>
      <ul className="matched-attempts">
        {rows.map((r) => (
          <li key={text(r.request_id)} className="mono small">
            {text(r.startTime)} · {text(r.litellm_model_name)} · {text(r.api_base)} · {text(r.exception_type)}{' '}
            {text(r.status_code)}
          </li>
        ))}
      </ul>
    </section>
  );
}
