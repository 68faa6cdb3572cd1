import type { AppError } from '../../shared/errors.ts';
import { AlertIcon } from './Icons.tsx';

/**
 * The engine estimated that the query reads more rows than the warning threshold and did not run
 * it: say the estimate, and offer to run it anyway or to narrow the range first.
 */
export function LargeScanNotice({
  error,
  onRunAnyway,
  onNarrow,
}: {
  error: Pick<AppError, 'message' | 'detail'>;
  onRunAnyway: () => void;
  onNarrow: () => void;
}) {
  const estimate = Number(error.detail);
  return (
    <div className="notice notice-warning" role="alert" aria-label="Large scan">
      <AlertIcon className="notice-icon" />
      <div className="notice-body">
        <strong>
          {Number.isFinite(estimate)
            ? `A large scan: about ${estimate.toLocaleString()} rows to read`
            : 'A large scan'}
        </strong>
        <span className="notice-message">{error.message}</span>
      </div>
      <button type="button" className="btn btn-sm" onClick={onNarrow}>
        Narrow the range
      </button>
      <button type="button" className="btn btn-sm btn-primary" onClick={onRunAnyway}>
        Run anyway
      </button>
    </div>
  );
}
