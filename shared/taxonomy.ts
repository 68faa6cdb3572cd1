import { z } from 'zod';

/** What kind of failure an error pattern is: the first question of every incident. */
export const FailureCategory = z.enum([
  'rate_limit',
  'quota',
  'auth',
  'context_length',
  'content_filter',
  'timeout',
  'provider_outage',
  'bad_request',
  'unknown',
]);
export type FailureCategory = z.infer<typeof FailureCategory>;

export const FAILURE_CATEGORIES = FailureCategory.options;

/** Who named the category: the deterministic rules, the configured LLM, or nobody yet. */
export const CategorySource = z.enum(['rules', 'llm', 'none']);
export type CategorySource = z.infer<typeof CategorySource>;

/** Short labels for chips, filters and report tables. */
export const CATEGORY_LABELS: Record<FailureCategory, string> = {
  rate_limit: 'Provider rate limit',
  quota: 'Quota or billing',
  auth: 'Authentication or configuration',
  context_length: 'Context length',
  content_filter: 'Content filter',
  timeout: 'Timeout or network',
  provider_outage: 'Provider outage (5xx)',
  bad_request: 'Client bad request',
  unknown: 'Unknown',
};
