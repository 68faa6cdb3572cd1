import type { ReadOptions } from '../db/database.ts';

/** How a health check runs, for LiteLLM and mapped sources alike (apart from health-check.ts: no import loop). */
export interface HealthOptions extends ReadOptions {
  now: number;
}
