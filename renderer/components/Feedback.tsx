import type { ReactNode } from 'react';
import type { AppError } from '../../shared/errors.ts';
import { AlertIcon } from './Icons.tsx';

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner-wrap" role={label ? 'status' : undefined}>
      <span className="spinner" aria-hidden="true" />
      {label && <span>{label}</span>}
    </span>
  );
}

const HINTS: Partial<Record<AppError['code'], string>> = {
  CONNECTION_FAILED: 'Check that the database is reachable, then try again.',
  AUTH_FAILED: 'Check the user and password of this connection.',
  TIMEOUT: 'Narrow the time range or add filters, then try again.',
  SCHEMA_MISSING: 'Pick a source that holds the LiteLLM proxy’s tables.',
};

/** An error shown where it happened: what failed, why, and what to do. */
export function ErrorNotice({
  title,
  error,
  onRetry,
  compact = false,
}: {
  title: string;
  error: Pick<AppError, 'code' | 'message'>;
  onRetry?: () => void;
  compact?: boolean;
}) {
  const hint = HINTS[error.code];
  return (
    <div className={`notice notice-error${compact ? ' notice-compact' : ''}`} role="alert">
      <AlertIcon className="notice-icon" />
      <div className="notice-body">
        <strong>{title}</strong>
        <span className="notice-message">{error.message}</span>
        {hint && !compact && <span className="muted">{hint}</span>}
      </div>
      {onRetry && (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  icon,
}: {
  title: string;
  children?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <div className="empty-state">
      {icon && <div className="empty-icon">{icon}</div>}
      <h3>{title}</h3>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}
