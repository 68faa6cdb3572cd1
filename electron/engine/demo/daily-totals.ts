import type { DailyRow } from './demo-rows.ts';

export interface DailyInput {
  date: string;
  user: string;
  team: string;
  apiKey: string;
  model: string;
  group: string;
  provider: string;
  prompt: number;
  completion: number;
  cached: number;
  spend: number;
  failed: boolean;
}

/** What LiteLLM's daily spend job keeps: one row per day, user (or team), key and model. */
export class DailyTotals {
  private readonly user = new Map<string, DailyRow>();
  private readonly team = new Map<string, DailyRow>();

  add(r: DailyInput): void {
    for (const [map, owner] of [
      [this.user, r.user],
      [this.team, r.team],
    ] as const) {
      const key = [owner, r.date, r.apiKey, r.model, r.provider].join('\u0000');
      let row = map.get(key);
      if (!row) {
        row = {
          id: `${map === this.user ? 'u' : 't'}-${map.size + 1}`,
          ...(map === this.user ? { user_id: owner } : { team_id: owner }),
          date: r.date,
          api_key: r.apiKey,
          model: r.model,
          model_group: r.group,
          custom_llm_provider: r.provider,
          prompt_tokens: 0,
          completion_tokens: 0,
          cache_read_input_tokens: 0,
          cache_creation_input_tokens: 0,
          spend: 0,
          api_requests: 0,
          successful_requests: 0,
          failed_requests: 0,
        };
        map.set(key, row);
      }
      row.prompt_tokens += r.prompt;
      row.completion_tokens += r.completion;
      row.cache_read_input_tokens += r.cached;
      row.spend += r.spend;
      row.api_requests += 1;
      if (r.failed) row.failed_requests += 1;
      else row.successful_requests += 1;
    }
  }

  rows(kind: 'user' | 'team'): DailyRow[] {
    return [...(kind === 'user' ? this.user : this.team).values()];
  }
}
