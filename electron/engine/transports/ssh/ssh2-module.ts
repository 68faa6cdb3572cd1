type Ssh2 = typeof import('ssh2');

let loaded: Promise<Ssh2> | null = null;

/**
 * ssh2, loaded with the first SSH connection: most runs of the CLI and the engine never open one,
 * and parsing it was a tenth of every start.
 */
export function loadSsh2(): Promise<Ssh2> {
  // A CommonJS package: Node's ESM loader hands its module.exports over as `default`.
  loaded ??= import('ssh2').then((m) => (m as { default?: Ssh2 }).default ?? m);
  return loaded;
}
