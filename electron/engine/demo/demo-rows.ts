/** The rows the demo writes, column for column as LiteLLM's schema.prisma names them. */

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
  completionStartTime: string;
  model: string;
  model_group: string;
  custom_llm_provider: string;
  api_base: string;
  user: string;
  metadata: Record<string, unknown>;
  team_id: string;
  end_user: string;
  requester_ip_address: string;
  session_id: string;
  status: string | null;
}

/** One row of LiteLLM's per-day tables (DailyUserSpend / DailyTeamSpend): totals per day, key and model. */
export interface DailyRow {
  id: string;
  user_id?: string;
  team_id?: string;
  date: string;
  api_key: string;
  model: string;
  model_group: string;
  custom_llm_provider: string;
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  spend: number;
  api_requests: number;
  successful_requests: number;
  failed_requests: number;
}

export interface TeamRow {
  team_id: string;
  team_alias: string;
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
  teams: TeamRow[];
  dailyUser: DailyRow[];
  dailyTeam: DailyRow[];
}
