import type { PriceTable } from '../../../shared/llm-settings.ts';
import type { Granularity, RequestPageQuery, TrafficBasis } from '../../../shared/traffic.ts';
import type { ReadOptions } from '../db/database.ts';

/** How a traffic read runs, for LiteLLM and mapped sources alike (apart from traffic.ts: no import loop). */
export interface TrafficOptions extends ReadOptions {
  now: number;
  granularity?: Granularity | undefined;
  /** `auto`: the daily tables when they can answer (whole UTC days, filters they hold), else SpendLogs. */
  basis?: TrafficBasis | 'auto';
  prices: PriceTable;
  page?: RequestPageQuery;
}
