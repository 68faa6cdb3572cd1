import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';

/** `Run … on <cpu> (N cores, M GiB), Node …, load average …`: what a reader needs to weigh the numbers. */
export function machineLine(load = loadavg()[0] ?? 0): string {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return `Run ${when} UTC on ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores,
${Math.round(totalmem() / 2 ** 30)} GiB), Node ${process.version}, load average ${load.toFixed(1)} at the start (other work shares the cores: take the rates as a floor).`;
}

/** Replaces the `<!-- bench:NAME -->` … `<!-- /bench:NAME -->` section of the file, or appends it. */
export async function writeBenchSection(file: string, name: string, body: string): Promise<string> {
  const section = `<!-- bench:${name} -->\n${body.trim()}\n<!-- /bench:${name} -->`;
  const path = resolve(file);
  const before = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
  const marked = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  await writeFile(
    path,
    marked.test(before) ? before.replace(marked, () => section) : `${before.trimEnd()}\n\n${section}\n`,
  );
  return section;
}

/** The middle of the samples (the upper middle of an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Whole milliseconds with thousands separators, as the tables print them. */
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/** `ms` as a multiple of `of`, e.g. "2.87×". */
export const ratio = (ms: number, of: number) => `${(ms / of).toFixed(2)}×`;
