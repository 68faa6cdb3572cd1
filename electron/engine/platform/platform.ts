import type { FirstSource } from './first-source.ts';

/**
 * What differs per target (Electron, web mode, CLI, tests). The engine sees only these interfaces;
 * each target supplies small adapters where the app is assembled.
 */
export interface SecretStore {
  /** Human words for where secrets live, shown in settings ("OS keychain", "environment variables"). */
  readonly kind: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** The environment variable that provides the secret `name`, where secrets come from the environment. */
  variableOf?(name: string): string;
  /** Asks the user for a secret that is needed now (CLI: a hidden prompt on a terminal); absent where nobody can answer. */
  ask?(name: string, label: string): Promise<string | undefined>;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface Platform {
  /** Settings, profiles, presets, logs. */
  dataDir: string;
  /** Rebuildable things (the demo snapshot). */
  cacheDir: string;
  /** Read-only folders holding a demo snapshot prepared at install or build time (out/demo), searched before cacheDir. */
  demoSnapshotDirs?: readonly string[];
  secrets: SecretStore;
  log: Logger;
  now(): number;
  /**
   * Runs the demo's PGlite on the engine's own thread instead of a worker: for the CLI, which has
   * nothing else to do meanwhile, so the worker's start and messages would only add to its time.
   */
  demoInThread?: boolean;
  /** Warn before a query estimated to read more rows than this (default 5,000,000). */
  largeScanRows?: number;
  /** The server time the newest rows may take before the totals (default FIRST_ROWS_TIMEOUT_MS). */
  firstRowsTimeoutMs?: number;
  /** What the window opens on while no query is remembered (default: the demo, run at once). */
  firstSource?: FirstSource;
  /** Shows a file or folder in the system file manager (Electron: shell.showItemInFolder); absent where there is none. */
  revealPath?(path: string): Promise<void>;
}
