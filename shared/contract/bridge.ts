import { ErrorData } from '../errors.ts';
import { z } from 'zod';

/**
 * What Electron's preload exposes as `window.logdesk`. Errors thrown across contextBridge lose their
 * fields, so calls resolve to an envelope and the renderer rebuilds the AppError from it.
 */
export const CallEnvelope = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorData }),
]);
export type CallEnvelope = z.infer<typeof CallEnvelope>;

export interface PreloadApi {
  call(name: string, args: unknown): Promise<CallEnvelope>;
  /** Subscribes to one engine event; returns its own unsubscribe function. */
  listen(event: string, callback: (payload: unknown) => void): () => void;
  /** Opens an http(s) link in the user's browser (anything else is refused by the main process). */
  openExternal(url: string): Promise<void>;
  /** The desktop's native folder picker, starting at `defaultPath`; null when the user cancels. */
  pickFolder(defaultPath?: string): Promise<string | null>;
}

export { IPC, PRELOAD_GLOBAL } from '../bridge-channels.ts';
