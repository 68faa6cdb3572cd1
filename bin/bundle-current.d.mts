/** The bundled entry `name` (e.g. 'logdesk.mjs') when it exists and no source of the bundle changed since; else null. */
export function currentBundle(name: string): URL | null;
