// Whether out/cli (built by `npm ci` / `npm run build`) is up to date with the sources it was made
// from: bin/logdesk.mjs and the tests' engine host run the bundle then, else the TypeScript through tsx.
import { readFileSync, statSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The bundled entry `name` (e.g. 'logdesk.mjs') when it exists and no source of the bundle changed since; else null. */
export function currentBundle(name) {
  if (process.env.LOGDESK_FROM_SOURCE === '1') return null;
  const bundle = new URL(`../out/cli/${name}`, import.meta.url);
  try {
    const built = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(new URL('../out/cli/inputs.json', import.meta.url), 'utf8'));
    return inputs.every((input) => statSync(root + input).mtimeMs <= built) ? bundle : null;
  } catch {
    return null; // missing bundle, missing or deleted source: the sources decide
  }
}
