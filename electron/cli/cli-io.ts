export const EXIT = { ok: 0, badArguments: 2, failure: 3 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
