import type { Engine } from '../engine/engine.ts';

/** `reportWithoutAnalysis`: `--llm --out` wrote the report, but the LLM analysis failed (README). */
export const EXIT = {
  ok: 0,
  badArguments: 2,
  failure: 3,
  reportWithoutAnalysis: 4,
  interrupted: 130,
} as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * The engine, created on first call: a command parses and checks its arguments before, so bad input
 * is refused without loading the engine and its drivers.
 */
export type OpenEngine = () => Promise<Engine>;
