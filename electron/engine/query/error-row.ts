import type { ErrorRow, ErrorSource } from '../../../shared/investigation.ts';

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** One error row as every source's SQL names its columns (snake_case), in the contract's shape. */
export function mapErrorRow(r: Record<string, unknown>): ErrorRow {
  return {
    requestId: String(r.request_id),
    time: String(r.time),
    model: str(r.model),
    deployment: str(r.deployment),
    keyAlias: str(r.key_alias),
    teamAlias: str(r.team_alias),
    statusCode: str(r.status_code),
    errorType: str(r.error_type) ?? 'Unknown',
    errorMessage: str(r.error_message),
    provider: str(r.provider),
    apiBase: str(r.api_base),
    durationMs: num(r.duration_ms) === null ? null : Math.round(num(r.duration_ms)!),
    totalTokens: num(r.total_tokens),
    sources: String(r.sources ?? '')
      .split(',')
      .filter(Boolean) as ErrorSource[],
  };
}
