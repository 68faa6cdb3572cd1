import type { z } from 'zod';

/** One call of the bridge: its request and response schemas. */
export interface CallSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}

export type AreaSpec = Record<string, CallSpec>;

export function defineArea<const T extends AreaSpec>(area: T): T {
  return area;
}

/** Merges the areas into one contract, refusing a name declared twice (at start-up, loudly). */
export function mergeAreas<const T extends readonly Record<string, unknown>[]>(
  ...areas: T
): UnionToIntersection<T[number]> {
  const merged: Record<string, unknown> = {};
  for (const area of areas) {
    for (const [name, spec] of Object.entries(area)) {
      if (name in merged) throw new Error(`contract: "${name}" is declared twice`);
      merged[name] = spec;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** Stream events: name → payload schema. Every payload carries the job id it belongs to. */
export type EventSpec = Record<string, z.ZodType>;

export function defineEvents<const T extends EventSpec>(events: T): T {
  return events;
}
