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
