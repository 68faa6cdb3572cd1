import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Insights } from '../../../shared/analysis.ts';
import { AnalysisResult } from '../../../shared/contract/analysis.ts';
import type { ResolvedQuery } from '../../../shared/investigation.ts';
import { readJsonFile, writeJsonFile } from '../platform/json-file.ts';

const KEEP = 8;

function remember<T>(map: Map<string, T>, key: string, value: T, keep: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > keep) map.delete(map.keys().next().value!);
}

/** The latest insights and analysis of each recent investigation: what reports and the UI show again. */
export class AnalysisStore {
  private readonly insights = new Map<string, Insights>();
  private readonly analyses = new Map<string, AnalysisResult>();

  insightsFor(investigationId: string): Insights | undefined {
    return this.insights.get(investigationId);
  }

  setInsights(insights: Insights): void {
    remember(this.insights, insights.investigationId, insights, KEEP);
  }

  /** The last analysis (LLM or offline) of this investigation; report.export writes it as `llm_analysis_*.md`. */
  latest(investigationId: string): AnalysisResult | undefined {
    return this.analyses.get(investigationId);
  }

  setLatest(result: AnalysisResult): void {
    remember(this.analyses, result.investigationId, result, KEEP);
  }
}

/**
 * The key of an LLM analysis: the resolved query (without the display limit), the data's
 * fingerprint (total and newest request id), the endpoint and model, and the exact prompt.
 */
export function analysisKey(
  query: ResolvedQuery,
  insights: Insights,
  endpoint: { baseUrl: string; model: string },
  prompt: string,
): string {
  const { limit: _limit, ...filters } = query;
  return createHash('sha256')
    .update(JSON.stringify({ filters, total: insights.total, newest: insights.newestRequestId, ...endpoint }))
    .update('\u0000')
    .update(prompt)
    .digest('hex');
}

/** LLM answers by key, in memory and in `cacheDir/analyses/` so a CLI run can reuse the previous one. */
export class AnalysisCache {
  private readonly memory = new Map<string, AnalysisResult>();

  constructor(private readonly dir: string) {}

  async get(key: string): Promise<AnalysisResult | undefined> {
    const hit = this.memory.get(key);
    if (hit) return hit;
    try {
      const stored = await readJsonFile(join(this.dir, `${key}.json`), AnalysisResult);
      if (stored) remember(this.memory, key, stored, 32);
      return stored ?? undefined;
    } catch {
      return undefined; // A damaged cache entry is a miss.
    }
  }

  async set(key: string, result: AnalysisResult): Promise<void> {
    remember(this.memory, key, result, 32);
    try {
      await writeJsonFile(join(this.dir, `${key}.json`), result);
    } catch {
      // The cache only saves money; a read-only cache folder must not fail the analysis.
    }
  }
}
