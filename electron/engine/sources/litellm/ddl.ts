/**
 * LiteLLM's log tables as its Prisma schema creates them (Prisma: String→text, DateTime→timestamp(3),
 * Json→jsonb). Used to build the demo database and the test fixtures; never run against a user's database.
 */
export interface DdlOptions {
  /** Older LiteLLM versions have no `status` column on SpendLogs. */
  withStatusColumn?: boolean;
  withErrorLogs?: boolean;
  withVerificationToken?: boolean;
  /** LiteLLM's per-day tables (2025+) and the team table they name teams by. */
  withDailyTables?: boolean;
}

const dailyTable = (name: string, owner: string) => `CREATE TABLE "${name}" (
  id text PRIMARY KEY,
  ${owner} text,
  date text NOT NULL,
  api_key text NOT NULL,
  model text,
  model_group text,
  custom_llm_provider text,
  mcp_namespaced_tool_name text,
  prompt_tokens bigint NOT NULL DEFAULT 0,
  completion_tokens bigint NOT NULL DEFAULT 0,
  cache_read_input_tokens bigint NOT NULL DEFAULT 0,
  cache_creation_input_tokens bigint NOT NULL DEFAULT 0,
  spend double precision NOT NULL DEFAULT 0,
  api_requests bigint NOT NULL DEFAULT 0,
  successful_requests bigint NOT NULL DEFAULT 0,
  failed_requests bigint NOT NULL DEFAULT 0,
  created_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
)`;

/** LiteLLM's per-day tables (2025+), their date indexes and the team table they name teams by. */
export function litellmDailyDdl(): string[] {
  return [
    dailyTable('LiteLLM_DailyUserSpend', 'user_id'),
    dailyTable('LiteLLM_DailyTeamSpend', 'team_id'),
    dailyTable('LiteLLM_DailyTagSpend', 'tag'),
    `CREATE INDEX "LiteLLM_DailyUserSpend_date_idx" ON "LiteLLM_DailyUserSpend" (date)`,
    `CREATE INDEX "LiteLLM_DailyTeamSpend_date_idx" ON "LiteLLM_DailyTeamSpend" (date)`,
    `CREATE TABLE "LiteLLM_TeamTable" (team_id text PRIMARY KEY, team_alias text, organization_id text, metadata jsonb DEFAULT '{}')`,
  ];
}

export function litellmDdl(options: DdlOptions = {}): string {
  const {
    withStatusColumn = true,
    withErrorLogs = true,
    withVerificationToken = true,
    withDailyTables = false,
  } = options;
  const parts = [
    `CREATE TABLE "LiteLLM_SpendLogs" (
  request_id text PRIMARY KEY,
  call_type text NOT NULL DEFAULT 'acompletion',
  api_key text NOT NULL DEFAULT '',
  spend double precision NOT NULL DEFAULT 0,
  total_tokens integer NOT NULL DEFAULT 0,
  prompt_tokens integer NOT NULL DEFAULT 0,
  completion_tokens integer NOT NULL DEFAULT 0,
  "startTime" timestamp(3) NOT NULL,
  "endTime" timestamp(3) NOT NULL,
  request_duration_ms integer,
  "completionStartTime" timestamp(3),
  model text NOT NULL DEFAULT '',
  model_id text DEFAULT '',
  model_group text DEFAULT '',
  custom_llm_provider text DEFAULT '',
  api_base text DEFAULT '',
  "user" text DEFAULT '',
  metadata jsonb DEFAULT '{}',
  cache_hit text DEFAULT '',
  cache_key text DEFAULT '',
  request_tags jsonb DEFAULT '[]',
  team_id text,
  organization_id text,
  end_user text,
  requester_ip_address text,
  messages jsonb DEFAULT '{}',
  response jsonb DEFAULT '{}',
  proxy_server_request jsonb DEFAULT '{}',
  session_id text,${withStatusColumn ? '\n  status text,' : ''}
  mcp_namespaced_tool_name text,
  agent_id text
)`,
    `CREATE INDEX "LiteLLM_SpendLogs_startTime_idx" ON "LiteLLM_SpendLogs" ("startTime")`,
    `CREATE INDEX "LiteLLM_SpendLogs_startTime_request_id_idx" ON "LiteLLM_SpendLogs" ("startTime", request_id)`,
    `CREATE INDEX "LiteLLM_SpendLogs_end_user_idx" ON "LiteLLM_SpendLogs" (end_user)`,
    `CREATE INDEX "LiteLLM_SpendLogs_session_id_idx" ON "LiteLLM_SpendLogs" (session_id)`,
  ];
  if (withErrorLogs) {
    parts.push(`CREATE TABLE "LiteLLM_ErrorLogs" (
  request_id text PRIMARY KEY,
  "startTime" timestamp(3) NOT NULL,
  "endTime" timestamp(3) NOT NULL,
  api_base text NOT NULL DEFAULT '',
  model_group text NOT NULL DEFAULT '',
  litellm_model_name text NOT NULL DEFAULT '',
  model_id text NOT NULL DEFAULT '',
  request_kwargs jsonb NOT NULL DEFAULT '{}',
  exception_type text NOT NULL DEFAULT '',
  exception_string text NOT NULL DEFAULT '',
  status_code text NOT NULL DEFAULT ''
)`);
  }
  if (withVerificationToken) {
    parts.push(`CREATE TABLE "LiteLLM_VerificationToken" (
  token text PRIMARY KEY,
  key_name text,
  key_alias text,
  spend double precision NOT NULL DEFAULT 0,
  expires timestamp(3),
  models text[] DEFAULT '{}',
  team_id text,
  user_id text,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamp(3) DEFAULT CURRENT_TIMESTAMP
)`);
  }
  if (withDailyTables) parts.push(...litellmDailyDdl());
  return parts.join(';\n') + ';';
}
