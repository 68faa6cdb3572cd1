import { Random } from './random.ts';
import type { Scenario } from './scenario.ts';
import { DailyTotals } from './daily-totals.ts';
import type { DemoData, ErrorLogRow, TokenRow } from './demo-rows.ts';

const MINUTE = 60_000;
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** Fills `{int:a-b}`, `{float:a-b}`, `{alnum:n}`, `{group}` and `{apiHost}` placeholders of a message template. */
export function fillTemplate(template: string, rnd: Random, vars: Record<string, string>): string {
  return template.replace(
    /\{(\w+)(?::([\d.]+)(?:-([\d.]+))?)?\}/g,
    (_m, kind: string, a?: string, b?: string) => {
      if (kind === 'int') return String(rnd.int(Number(a), Number(b)));
      if (kind === 'float') return (Number(a) + rnd.next() * (Number(b) - Number(a))).toFixed(2);
      if (kind === 'alnum') return rnd.alnum(Number(a));
      return vars[kind] ?? '';
    },
  );
}

/** Daytime traffic is heavier than night traffic (UTC working hours), as in a real gateway. */
function diurnal(ms: number): number {
  const hour = new Date(ms).getUTCHours() + new Date(ms).getUTCMinutes() / 60;
  return 0.45 + 0.9 * Math.max(0, Math.sin(((hour - 5) / 24) * 2 * Math.PI));
}

/**
 * A week of LiteLLM traffic relative to `now`: mostly successes, a baseline of varied provider errors,
 * legacy rows whose status lives only in metadata, failed attempts in ErrorLogs with ids of their own
 * (retries, and attempts a fallback rescued), proxy-level failures in SpendLogs only,
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
  const data: DemoData = { spendLogs: [], errorLogs: [], tokens, teams: [], dailyUser: [], dailyTeam: [] };
  // Successful traffic is drawn from its own stream, so the errors (and what tests assert about them) stay put.
  const extra = new Random(seed + 1);
  // Failed attempts and proxy-level failures from a stream of their own, so the requests stay put.
  const att = new Random(seed + 2);
  const daily = new DailyTotals();
  const slowFrom = end - (inc.startHoursAgo * 60 + inc.slowdownMinutesBefore) * MINUTE;
  const sessions = new Map<number, { id: string; left: number }>();

  const emit = (
    t: number,
    modelIdx: number,
    keyIdx: number,
    forcedError: string | null,
    forcedDeployment?: string,
  ) => {
    const m = scenario.models[modelIdx]!;
    const key = scenario.keys[keyIdx]!;
    const token = tokens[keyIdx]!;
    const dep = m.deployments.find((d) => d.model === forcedDeployment) ?? rnd.pick(m.deployments);
    const errorName = forcedError ?? (rnd.chance(scenario.baselineErrorRate) ? rnd.pick(m.errors) : null);
    const startMs = t + rnd.int(0, MINUTE - 1);
    const durationMs =
      errorName === 'Timeout' ? rnd.int(600_000, 612_000) : rnd.int(300, errorName ? 4_000 : 9_000);
    const requestId = m.group.startsWith('text-embedding') ? `emb-${rnd.uuid()}` : `chatcmpl-${rnd.uuid()}`;
    const embedding = m.group.startsWith('text-embedding');
    let prompt = errorName ? 0 : rnd.int(200, 6_000);
    let completion = errorName ? 0 : rnd.int(20, 1_200);
    if (embedding) completion = 0;
    if (!errorName) prompt = Math.round(prompt * (0.5 + extra.next()));
    const slow =
      dep.model === inc.deployment && startMs >= slowFrom && startMs < incEnd ? inc.slowdownFactor : 1;
    const latency = errorName
      ? durationMs
      : Math.round(longTail(extra, m.latencyMs) * slow * (embedding ? 1 : 0.6 + completion / 1_500));
    const streamed = !errorName && !embedding && extra.chance(scenario.streamShare);
    const ttft = streamed ? Math.min(latency - 1, Math.round(longTail(extra, m.ttftMs) * slow)) : latency;
    const cached =
      m.cachedShare > 0 && !errorName && extra.chance(m.cachedShare)
        ? Math.round(prompt * (0.3 + 0.6 * extra.next()))
        : 0;
    const endUser =
      scenario.endUsersPerKey > 0 && key.alias !== 'data-pipeline'
        ? `${key.alias}/user-${extra.int(1, scenario.endUsersPerKey)}`
        : '';
    const legacy = startMs < legacyBefore;
    const metadata: Record<string, unknown> = {
      user_api_key_user_id: key.user,
      user_api_key_team_alias: key.team,
      status: errorName ? 'failure' : 'success',
    };
    if (!errorName && !legacy) {
      // Newer proxies copy the provider's usage here: cached tokens (OpenAI and Anthropic shapes).
      metadata.usage_object = m.group.startsWith('claude')
        ? { prompt_tokens: prompt, completion_tokens: completion, cache_read_input_tokens: cached }
        : {
            prompt_tokens: prompt,
            completion_tokens: completion,
            prompt_tokens_details: { cached_tokens: cached },
            completion_tokens_details: { reasoning_tokens: 0 },
          };
    }
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
        request_id: att.uuid(),
        startTime: sqlTime(startMs),
        endTime: sqlTime(startMs + durationMs),
        api_base: dep.apiBase,
        model_group: m.group,
        litellm_model_name: dep.model,
        model_id: rnd.hex(16),
        request_kwargs: {
          model: m.group,
          stream: rnd.chance(0.6),
          max_tokens: 1024,
          metadata: { user_api_key_alias: key.alias },
        },
        exception_type: def.errorClass,
        exception_string: message,
        status_code: def.status,
      };
    }

    const spend = errorName
      ? 0
      : Number(
          (
            ((prompt - cached * 0.5) * m.inputPerMillion) / 1_000_000 +
            (completion * m.outputPerMillion) / 1_000_000
          ).toFixed(8),
        );
    const end2 = startMs + latency;
    daily.add({
      date: new Date(startMs).toISOString().slice(0, 10),
      user: key.user,
      team: token.team_id,
      apiKey: token.token,
      model: dep.model,
      group: m.group,
      provider: dep.provider,
      prompt,
      completion,
      cached: legacy ? 0 : cached,
      spend,
      failed: errorName !== null,
    });
    {
      data.spendLogs.push({
        request_id: requestId,
        call_type: m.group.startsWith('text-embedding') ? 'aembedding' : 'acompletion',
        api_key: token.token,
        spend,
        total_tokens: prompt + completion,
        prompt_tokens: prompt,
        completion_tokens: completion,
        startTime: sqlTime(startMs),
        endTime: sqlTime(end2),
        request_duration_ms: latency,
        completionStartTime: sqlTime(startMs + ttft),
        model: dep.model,
        model_group: m.group,
        custom_llm_provider: dep.provider,
        api_base: dep.apiBase,
        user: key.user,
        metadata,
        team_id: token.team_id,
        end_user: endUser,
        requester_ip_address: `10.0.${keyIdx}.${rnd.int(2, 250)}`,
        session_id: key.alias === 'support-bot' ? session(keyIdx) : '',
        status: legacy ? null : errorName ? 'failure' : 'success',
      });
    }
    if (errorRow) {
      // One ErrorLogs row per failed call to a deployment, with its own random id (issue 19).
      data.errorLogs.push(errorRow);
      if (att.chance(scenario.retryRate))
        data.errorLogs.push({ ...errorRow, request_id: att.uuid(), startTime: sqlTime(startMs + 100) });
    } else if (!embedding && att.chance(scenario.rescuedRate)) {
      // A call that failed on a deployment before a retry or fallback answered: an attempt, not an error.
      const def = scenario.errors.RateLimitError!;
      const message = fillTemplate(def.messages[dep.provider] ?? def.messages.default!, att, {
        group: m.group,
        apiHost: new URL(dep.apiBase).hostname,
      });
      data.errorLogs.push({
        request_id: att.uuid(),
        startTime: sqlTime(startMs),
        endTime: sqlTime(startMs + 150),
        api_base: dep.apiBase,
        model_group: m.group,
        litellm_model_name: dep.model,
        model_id: att.hex(16),
        request_kwargs: { model: m.group },
        exception_type: def.errorClass,
        exception_string: message,
        status_code: def.status,
      });
    }
  };

  /** A failure of the proxy itself (auth, budget): SpendLogs only, no deployment, no key alias. */
  const proxyFailure = (t: number) => {
    const startMs = t + att.int(0, MINUTE - 1);
    const budget = att.chance(0.3);
    const group = att.pick(scenario.models).group;
    const message = budget
      ? 'Budget has been exceeded! Current cost: 100.02, Max budget: 100.0'
      : 'Authentication Error, Invalid proxy server token passed. valid_token=None.';
    const legacy = startMs < legacyBefore;
    // No deployment answered: LiteLLM records the model the caller asked for.
    daily.add({
      date: new Date(startMs).toISOString().slice(0, 10),
      user: '',
      team: '',
      apiKey: '',
      model: group,
      group,
      provider: '',
      prompt: 0,
      completion: 0,
      cached: 0,
      spend: 0,
      failed: true,
    });
    data.spendLogs.push({
      request_id: `chatcmpl-${att.uuid()}`,
      call_type: 'acompletion',
      api_key: '',
      spend: 0,
      total_tokens: 0,
      prompt_tokens: 0,
      completion_tokens: 0,
      startTime: sqlTime(startMs),
      endTime: sqlTime(startMs + 5),
      request_duration_ms: 5,
      completionStartTime: sqlTime(startMs + 5),
      model: group,
      model_group: group,
      custom_llm_provider: '',
      api_base: '',
      user: '',
      metadata: {
        status: 'failure',
        error_information: {
          error_class: budget ? 'BudgetExceededError' : 'ProxyException',
          error_code: budget ? '400' : '401',
          error_message: message,
          llm_provider: '',
        },
      },
      team_id: '',
      end_user: '',
      requester_ip_address: `10.9.0.${att.int(2, 250)}`,
      session_id: '',
      status: legacy ? null : 'failure',
    });
  };

  /** Chat sessions of a few calls each, as a support bot makes them. */
  function session(keyIdx: number): string {
    let current = sessions.get(keyIdx);
    if (!current || current.left <= 0)
      sessions.set(keyIdx, (current = { id: `sess-${extra.hex(12)}`, left: extra.int(1, 8) }));
    current.left--;
    return current.id;
  }

  const incModel = scenario.models.findIndex((m) => m.group === inc.modelGroup);
  const incKey = scenario.keys.findIndex((k) => k.alias === inc.keyAlias);
  for (let t = start; t < end; t += MINUTE) {
    const count = rnd.poisson(scenario.requestsPerMinute * diurnal(t));
    for (let i = 0; i < count; i++) {
      const modelIdx = scenario.models.indexOf(rnd.weighted(scenario.models));
      const keyIdx = scenario.keys.indexOf(rnd.weighted(scenario.keys));
      emit(t, modelIdx, keyIdx, null);
    }
    if (att.chance(scenario.proxyFailuresPerHour / 60)) proxyFailure(t);
    if (t >= incStart && t < incEnd && incModel >= 0 && incKey >= 0) {
      const extra = rnd.poisson(inc.extraRequestsPerMinute);
      for (let i = 0; i < extra; i++) {
        emit(t, incModel, incKey, rnd.chance(inc.errorRate) ? inc.error : null, inc.deployment);
      }
    }
  }
  data.teams = scenario.keys.map((k, i) => ({ team_id: `team-${i + 1}`, team_alias: k.team }));
  data.dailyUser = daily.rows('user');
  data.dailyTeam = daily.rows('team');
  return data;
}

/** Latency with a long tail: log-normal around the median, and one call in 30 far slower. */
function longTail(rnd: Random, median: number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - rnd.next())) * Math.cos(2 * Math.PI * rnd.next());
  const tail = rnd.chance(1 / 30) ? 3 + rnd.next() * 5 : 1;
  return Math.max(20, median * Math.exp(0.45 * normal) * tail);
}
