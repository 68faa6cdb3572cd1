import { join } from 'node:path';
import { PriceTable } from '../../../shared/llm-settings.ts';
import type { SqlParam } from '../db/database.ts';
import { readJsonFile, writeJsonFile } from '../platform/json-file.ts';

/** List prices (USD per million tokens) as a starting point; the user edits them to match their contract. */
export const DEFAULT_PRICES: PriceTable = {
  currency: 'USD',
  models: [
    { model: 'gpt-4o', inputPerMillion: 2.5, outputPerMillion: 10 },
    { model: 'gpt-4o-mini', inputPerMillion: 0.15, outputPerMillion: 0.6 },
    { model: 'gpt-4.1', inputPerMillion: 2, outputPerMillion: 8 },
    { model: 'gpt-4.1-mini', inputPerMillion: 0.4, outputPerMillion: 1.6 },
    { model: 'gpt-4.1-nano', inputPerMillion: 0.1, outputPerMillion: 0.4 },
    { model: 'o4-mini', inputPerMillion: 1.1, outputPerMillion: 4.4 },
    { model: 'o3', inputPerMillion: 2, outputPerMillion: 8 },
    { model: 'claude-3-5-sonnet', inputPerMillion: 3, outputPerMillion: 15 },
    { model: 'claude-3-5-haiku', inputPerMillion: 0.8, outputPerMillion: 4 },
    { model: 'claude-sonnet-4', inputPerMillion: 3, outputPerMillion: 15 },
    { model: 'gemini-1.5-pro', inputPerMillion: 1.25, outputPerMillion: 5 },
    { model: 'gemini-2.0-flash', inputPerMillion: 0.1, outputPerMillion: 0.4 },
  ],
};

/** The price table in `dataDir/llm-prices.json`, the defaults until the user saves one. */
export class PriceStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'llm-prices.json');
  }

  async get(): Promise<PriceTable> {
    return (await readJsonFile(this.file, PriceTable)) ?? DEFAULT_PRICES;
  }

  async save(table: PriceTable): Promise<PriceTable> {
    await writeJsonFile(this.file, table);
    return table;
  }
}

/** `azure/gpt-4o-2024-08-06` → the `gpt-4o` entry: exact name first, else the longest matching prefix, provider prefix ignored. */
export function priceFor(table: PriceTable, model: string) {
  const names = [model.toLowerCase(), model.toLowerCase().replace(/^[\w-]+\//, '')];
  let best: PriceTable['models'][number] | null = null;
  for (const entry of table.models) {
    const key = entry.model.toLowerCase();
    for (const name of names) {
      if (name === key) return entry;
      if (
        name.startsWith(key) &&
        /[-.:@_/]/.test(name.charAt(key.length)) &&
        (!best || key.length > best.model.length)
      )
        best = entry;
    }
  }
  return best;
}

/** Cost of one call in the table's currency, or null when the model has no price. */
export function estimateCost(
  table: PriceTable,
  model: string,
  promptTokens: number,
  completionTokens: number,
): number | null {
  const price = priceFor(table, model);
  if (!price) return null;
  const cost = (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1_000_000;
  return Math.round(cost * 1_000_000) / 1_000_000;
}

/**
 * The price table as four parallel `text[]` parameters (model lower-cased, input and output per 1M,
 * effective-from date), so SQL can price rows without any value in the statement text.
 */
export function priceParams(table: PriceTable): SqlParam[] {
  return [
    table.models.map((m) => m.model.toLowerCase()),
    table.models.map((m) => String(m.inputPerMillion)),
    table.models.map((m) => String(m.outputPerMillion)),
    table.models.map((m) => m.effectiveFrom ?? '1970-01-01'),
  ];
}

/**
 * SQL for the estimated cost of one row, the rules of `priceFor` in SQL: exact name (public model or
 * the deployment without its provider prefix) first, else the longest prefix followed by a separator;
 * among entries of that name the latest one effective at the row's time. `$p..$p+3` are `priceParams`.
 */
export function estimateCostSql(
  names: { model: string; deployment: string },
  time: string,
  prompt: string,
  completion: string,
  p: number,
): string {
  const candidates = `ARRAY[lower(${names.model}), lower(regexp_replace(${names.deployment}, '^[\\w-]+/', ''))]`;
  return `(SELECT (COALESCE(${prompt}, 0) * pr.inp + COALESCE(${completion}, 0) * pr.outp) / 1000000.0
     FROM unnest($${p}::text[], $${p + 1}::float8[], $${p + 2}::float8[], $${p + 3}::date[]) AS pr(m, inp, outp, eff)
     CROSS JOIN LATERAL (SELECT bool_or(c = pr.m) AS exact,
                                bool_or(left(c, length(pr.m)) = pr.m AND substr(c, length(pr.m) + 1, 1) IN ('-', '.', ':', '@', '_', '/')) AS prefix
                           FROM unnest(${candidates}) AS c) hit
    WHERE (hit.exact OR hit.prefix) AND pr.eff <= ${time}
    ORDER BY hit.exact DESC, length(pr.m) DESC, pr.eff DESC
    LIMIT 1)`;
}
