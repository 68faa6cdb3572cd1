import type { TestPostgres } from './pg-server.ts';

/**
 * An independent reading of DESIGN §2 for tests: plain SELECTs of the raw rows in range, selected and
 * counted in JavaScript, so the engine's SQL is checked against a second implementation.
 */
export interface OracleFilters {
  from: string;
  to: string;
  keyAliases?: string[];
  models?: string[];
  errorTypes?: string[];
  /** Values left out; '' stands for "no value" (shared/filters.ts MISSING_VALUE). */
  exclude?: { keyAliases?: string[]; models?: string[]; errorTypes?: string[] };
}

export interface OracleResult {
  ids: string[];
  byModel: Map<string, number>;
  byErrorType: Map<string, number>;
  byKeyAlias: Map<string | null, number>;
  byBucket: Map<string, number>;
}

type Json = Record<string, unknown> | null;
const blank = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : String(v));

export async function oracle(
  pg: TestPostgres,
  database: string,
  f: OracleFilters,
  bucketSeconds = 3600,
): Promise<OracleResult> {
  const lo = f.from.replace('Z', '');
  const hi = f.to.replace('Z', '');
  const hasStatus = (
    await pg.exec(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'LiteLLM_SpendLogs' AND column_name = 'status'`,
      [],
      database,
    )
  ).rowCount;
  const spend = await pg.exec(
    `SELECT request_id, to_char("startTime", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t, ${hasStatus ? 'status' : 'NULL AS status'},
            metadata, model, model_group, api_key
       FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1 AND "startTime" < $2`,
    [lo, hi],
    database,
  );
  const errors = await pg.exec(
    `SELECT request_id, to_char("startTime", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t, model_group, litellm_model_name, exception_type
       FROM "LiteLLM_ErrorLogs" WHERE "startTime" >= $1 AND "startTime" < $2`,
    [lo, hi],
    database,
  );
  const tokens = await pg.exec(`SELECT token, key_alias FROM "LiteLLM_VerificationToken"`, [], database);
  const aliasOfToken = new Map(tokens.rows.map((r) => [r.token as string, r.key_alias as string]));
  // DESIGN §2 (issue 19): the failed requests; the failed attempts only where no request failed.
  const failedRequests = spend.rows.filter((row) => {
    const status = blank(row.status) ?? blank((row.metadata as Json)?.status);
    return status !== undefined && status !== 'success';
  });
  const members: { sr?: Record<string, unknown>; er?: Record<string, unknown> }[] = failedRequests.length
    ? failedRequests.map((sr) => ({ sr }))
    : errors.rows.map((er) => ({ er }));
  const result: OracleResult = {
    ids: [],
    byModel: new Map(),
    byErrorType: new Map(),
    byKeyAlias: new Map(),
    byBucket: new Map(),
  };
  const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const { sr, er } of members) {
    const id = String(sr?.request_id ?? er?.request_id);
    const meta = (sr?.metadata ?? null) as Json;
    const info = (meta?.error_information ?? null) as Json;
    const model =
      blank(sr?.model_group) ?? blank(er?.model_group) ?? blank(sr?.model) ?? blank(er?.litellm_model_name);
    const deployment = blank(sr?.model) ?? blank(er?.litellm_model_name);
    const keyAlias =
      blank(meta?.user_api_key_alias) ?? blank(aliasOfToken.get(sr?.api_key as string)) ?? null;
    const errorType = blank(info?.error_class) ?? blank(er?.exception_type) ?? 'Unknown';
    if (f.keyAliases?.length && (keyAlias === null || !f.keyAliases.includes(keyAlias))) continue;
    if (f.models?.length && !f.models.some((m) => m === model || m === deployment)) continue;
    if (f.errorTypes?.length && !f.errorTypes.includes(errorType)) continue;
    const ex = f.exclude;
    if (ex?.keyAliases?.includes(keyAlias ?? '')) continue;
    if (ex?.models?.includes(model ?? '') || (deployment !== undefined && ex?.models?.includes(deployment)))
      continue;
    if (ex?.errorTypes?.includes(errorType)) continue;
    result.ids.push(id);
    bump(result.byModel, model ?? '(unknown)');
    bump(result.byErrorType, errorType);
    bump(result.byKeyAlias, keyAlias);
    const t = Date.parse(String(sr?.t ?? er?.t));
    bump(
      result.byBucket,
      new Date(Math.floor(t / (bucketSeconds * 1000)) * bucketSeconds * 1000).toISOString(),
    );
  }
  result.ids.sort();
  return result;
}
