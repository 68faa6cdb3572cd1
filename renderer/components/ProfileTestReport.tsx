import { TEST_STEP_LABELS, type ProfileTestResult } from '../../shared/contract/profiles.ts';
import type { AppError } from '../../shared/errors.ts';
import { useAcceptHostKey } from '../hooks/use-profiles.ts';
import { ErrorNotice } from './Feedback.tsx';
import { AlertIcon, CheckIcon } from './Icons.tsx';

/** The steps of a connection test, and for an unknown SSH host key, the fingerprint to check and accept. */
export function ProfileTestReport({
  result,
  onAccepted,
}: {
  result: ProfileTestResult;
  onAccepted: () => void;
}) {
  const accept = useAcceptHostKey();
  const key = result.hostKey;
  return (
    <div
      className={`test-report ${result.ok ? 'ok' : 'failed'}`}
      role="status"
      aria-label="Connection test result"
    >
      <strong>{result.ok ? 'Connection works' : 'Connection failed'}</strong>
      <ol className="test-steps">
        {result.steps.map((s) => (
          <li key={s.step} className={s.ok ? 'step-ok' : 'step-failed'}>
            {s.ok ? <CheckIcon size={14} /> : <AlertIcon size={14} />}
            <span className="step-name">{TEST_STEP_LABELS[s.step]}</span>
            <span className="step-detail">{s.detail}</span>
            <span className="step-ms">{Math.round(s.ms)} ms</span>
          </li>
        ))}
      </ol>
      {result.suggestions?.map((suggestion) => (
        <div key={suggestion.statement} className="index-suggestion" data-testid="index-suggestion">
          <p>{suggestion.benefit}</p>
          <code className="fingerprint">{suggestion.statement}</code>
        </div>
      ))}
      {key && key.status === 'unknown' && (
        <div className="host-key">
          <p>
            The SSH server{' '}
            <strong>
              {key.host}:{key.port}
            </strong>{' '}
            presented a {key.keyType} key this machine has never seen:
          </p>
          <code className="fingerprint">{key.fingerprint}</code>
          <p className="muted">
            Compare it with the server’s own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before trusting it.
          </p>
          <button
            type="button"
            className="btn btn-primary btn-sm"
            disabled={accept.isPending || accept.isSuccess}
            onClick={() =>
              accept.mutate(
                { host: key.host, port: key.port, fingerprint: key.fingerprint },
                { onSuccess: onAccepted },
              )
            }
          >
            {accept.isSuccess ? 'Trusted' : 'Trust this host key'}
          </button>
          {accept.isError && <ErrorNotice title="Not accepted" error={accept.error as AppError} compact />}
        </div>
      )}
      {key && key.status !== 'unknown' && (
        <p className="field-error">
          The host key of {key.host}:{key.port} {key.status === 'changed' ? 'changed' : 'is revoked'} (
          {key.fingerprint}); Logdesk refuses it. If the server was reinstalled, remove its old line from
          known_hosts yourself.
        </p>
      )}
    </div>
  );
}
