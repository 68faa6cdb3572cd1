import { Random } from './random.ts';
import type { Scenario } from './scenario.ts';

export interface SpendLogRow {
  request_id: string;
  call_type: string;
  api_key: string;
  spend: number;
  total_tokens: number;
  prompt_tokens: number;
  completion_tokens: number;
  startTime: string;
  endTime: string;
  request_duration_ms: number;
  model: string;
  model_group: string;
  custom_llm_provider: string;
  api_base: string;
  user: string;
  metadata: Record<string, unknown>;
  team_id: string;
  end_user: string;
  requester_ip_address: string;
  status: string | null;
}

export interface ErrorLogRow {
  request_id: string;
  startTime: string;
  endTime: string;
  api_base: string;
  model_group: string;
  litellm_model_name: string;
  model_id: string;
  request_kwargs: Record<string, unknown>;
  exception_type: string;
  exception_string: string;
  status_code: string;
}

export interface TokenRow {
  token: string;
  key_name: string;
  key_alias: string;
  team_id: string;
  user_id: string;
}

export interface DemoData {
  spendLogs: SpendLogRow[];
  errorLogs: ErrorLogRow[];
  tokens: TokenRow[];
}

const MINUTE = 60_000;
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** Fills `{int:a-b}`, `{float:a-b}`, `{alnum:n}`, `{group}` and `{apiHost}` placeholders of a message template. */
export function fillTemplate(template: string, rnd: Random, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)(?::([\d.]+)(?:-([\d.]+))?)?\}/g, (_m, kind: string, a?: string, b?: string) => {
    if (kind === 'int') return String(rnd.int(Number(a), Number(b)));
    if (kind === 'float') return (Number(a) + rnd.next() * (Number(b) - Number(a))).toFixed(2);
    if (kind === 'alnum') return rnd.alnum(Number(a));
    return vars[kind] ?? '';
  });
}

/** Daytime traffic is heavier than night traffic (UTC working hours), as in a real gateway. */
function diurnal(ms: number): number {
  const hour = new Date(ms).getUTCHours() + new Date(ms).getUTCMinutes() / 60;
  return 0.45 + 0.9 * Math.max(0, Math.sin(((hour - 5) / 24) * 2 * Math.PI));
}

/**
 * A week of LiteLLM traffic relative to `now`: mostly successes, a baseline of varied provider errors,
 * legacy rows whose status lives only in metadata, ErrorLogs twins and ErrorLogs-only failures,
 * and the scenario's incident.
 */
export function generateDemoData(scenario: Scenario, now: number = Date.now(), seed = 20261123): DemoData {
  const rnd = new Random(seed);
  const end = Math.floor(now / MINUTE) * MINUTE;
  const start = end - scenario.days * 24 * 60 * MINUTE;
  const legacyBefore = end - scenario.legacyStatusBeforeDays * 24 * 60 * MINUTE;
  const inc = scenario.incident;
  const incStart = end - inc.startHoursAgo * 60 * MINUTE;
  const incEnd = incStart + inc.durationMinutes * MINUTE;

  const tokens: TokenRow[] = scenario.keys.map((k, i) => ({
    token: rnd.hex(64),
    key_name: `sk-...${rnd.alnum(4)}`,
    key_alias: k.alias,
    team_id: `team-${i + 1}`,
    user_id: k.user,
  }));
  const data: DemoData = { spendLogs: [], errorLogs: [], tokens };

  const emit = (t: number, modelIdx: number, keyIdx: number, forcedError: string | null, forcedDeployment?: string) => {
    const m = scenario.models[modelIdx]!;
    const key = scenario.keys[keyIdx]!;
    const token = tokens[keyIdx]!;
    const dep = m.deployments.find((d) => d.model === forcedDeployment) ?? rnd.pick(m.deployments);
    const errorName = forcedError ?? (rnd.chance(scenario.baselineErrorRate) ? rnd.pick(m.errors) : null);
    const startMs = t + rnd.int(0, MINUTE - 1);
    const durationMs = errorName === 'Timeout' ? rnd.int(600_000, 612_000) : rnd.int(300, errorName ? 4_000 : 9_000);
    const requestId = m.group.startsWith('text-embedding') ? `emb-${rnd.uuid()}` : `chatcmpl-${rnd.uuid()}`;
    const prompt = errorName ? 0 : rnd.int(200, 6_000);
    const completion = errorName ? 0 : rnd.int(20, 1_200);
    const legacy = startMs < legacyBefore;
    const metadata: Record<string, unknown> = {
      user_api_key_user_id: key.user,
      user_api_key_team_alias: key.team,
      status: errorName ? 'failure' : 'success',
    };
    // Older proxies did not copy the key alias into metadata: it must come from the VerificationToken join.
    if (!legacy || rnd.chance(0.5)) metadata.user_api_key_alias = key.alias;
    let errorRow: ErrorLogRow | null = null;
    if (errorName) {
      const def = scenario.errors[errorName]!;
      const template = def.messages[dep.provider] ?? def.messages.default!;
      const message = fillTemplate(template, rnd, { group: m.group, apiHost: new URL(dep.apiBase).hostname });
      metadata.error_information = {
        error_class: def.errorClass,
        error_code: def.status,
        error_message: message,
        llm_provider: dep.provider,
        traceback: `Traceback (most recent call last):\n  File "/usr/lib/python3.11/site-packages/litellm/main.py", line 2143, in acompletion\n    response = await init_response\nlitellm.exceptions.${def.errorClass}: ${message.slice(0, 120)}`,
      };
      errorRow = {
        request_id: requestId,
        startTime: sqlTime(startMs),
        endTime: sqlTime(startMs + durationMs),
        api_base: dep.apiBase,
        model_group: m.group,
        litellm_model_name: dep.model,
        model_id: rnd.hex(16),
        request_kwargs: { model: m.group, stream: rnd.chance(0.6), max_tokens: 1024, metadata: { user_api_key_alias: key.alias } },
        exception_type: def.errorClass,
        exception_string: message,
        status_code: def.status,
      };
    }
    const errorLogsOnly = errorRow !== null && rnd.chance(scenario.errorLogsOnlyRate);
    if (!errorLogsOnly) {
      data.spendLogs.push({
        request_id: requestId,
        call_type: m.group.startsWith('text-embedding') ? 'aembedding' : 'acompletion',
        api_key: token.token,
        spend: errorName ? 0 : Number(((prompt * 2.5 + completion * 10) / 1_000_000).toFixed(6)),
        total_tokens: prompt + completion,
        prompt_tokens: prompt,
        completion_tokens: completion,
        startTime: sqlTime(startMs),
        endTime: sqlTime(startMs + durationMs),
        request_duration_ms: durationMs,
        model: dep.model,
        model_group: m.group,
        custom_llm_provider: dep.provider,
        api_base: dep.apiBase,
        user: key.user,
        metadata,
        team_id: token.team_id,
        end_user: '',
        requester_ip_address: `10.0.${keyIdx}.${rnd.int(2, 250)}`,
        status: legacy ? null : errorName ? 'failure' : 'success',
      });
    }
    if (errorRow && (errorLogsOnly || rnd.chance(scenario.errorLogsTwinRate))) data.errorLogs.push(errorRow);
  };

  const incModel = scenario.models.findIndex((m) => m.group === inc.modelGroup);
  const incKey = scenario.keys.findIndex((k) => k.alias === inc.keyAlias);
  for (let t = start; t < end; t += MINUTE) {
    const count = rnd.poisson(scenario.requestsPerMinute * diurnal(t));
    for (let i = 0; i < count; i++) {
      const modelIdx = scenario.models.indexOf(rnd.weighted(scenario.models));
      const keyIdx = scenario.keys.indexOf(rnd.weighted(scenario.keys));
      emit(t, modelIdx, keyIdx, null);
    }
    if (t >= incStart && t < incEnd && incModel >= 0 && incKey >= 0) {
      const extra = rnd.poisson(inc.extraRequestsPerMinute);
      for (let i = 0; i < extra; i++) {
        emit(t, incModel, incKey, rnd.chance(inc.errorRate) ? inc.error : null, inc.deployment);
      }
    }
  }
  return data;
}
