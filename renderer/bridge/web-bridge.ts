import type { CallResult, Caller, EventName, EventPayload } from '../../shared/contract/index.ts';
import { CallEnvelope } from '../../shared/contract/bridge.ts';
import { AppError } from '../../shared/errors.ts';
import type { Bridge } from './bridge-types.ts';

type Listener = (payload: unknown) => void;

/**
 * Web mode: calls are POSTs to /api/call, events one Server-Sent Events stream. The access token
 * lives in an HttpOnly cookie the server set, so this code never sees it.
 */
export function createWebBridge(base = ''): Bridge {
  const listeners = new Map<string, Set<Listener>>();
  let source: EventSource | null = null;
  let ready: Promise<void> | null = null;

  const openStream = (): Promise<void> => {
    if (source && ready) return ready;
    source = new EventSource(`${base}/api/events`);
    const opened = source;
    ready = new Promise<void>((resolve) => {
      opened.addEventListener('open', () => resolve(), { once: true });
      // Without events a job still finishes; never hang the caller on a stream that will not open.
      setTimeout(resolve, 5_000);
    });
    source.onmessage = (message) => {
      let event: { name?: string; payload?: unknown };
      try {
        event = JSON.parse(message.data as string) as typeof event;
      } catch {
        return;
      }
      for (const listener of listeners.get(event.name ?? '') ?? []) listener(event.payload);
    };
    // EventSource reconnects by itself after the server restarts or the network blips.
    return ready;
  };

  const call: Caller = async (name, args) => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, args }),
        credentials: 'same-origin',
      });
    } catch {
      throw new AppError(
        'CONNECTION_FAILED',
        'Lost contact with the Logdesk server: is `logdesk web` still running?',
      );
    }
    if (response.status === 403) {
      throw new AppError(
        'AUTH_FAILED',
        'The Logdesk server refused this page: open the URL it printed (with its token) again.',
      );
    }
    // The same envelope as Electron's IPC and the engine host.
    const envelope = CallEnvelope.safeParse(await response.json().catch(() => null));
    if (!envelope.success) {
      throw new AppError(
        'INTERNAL',
        `The Logdesk server sent an unreadable answer (HTTP ${response.status})`,
      );
    }
    if (!envelope.data.ok) throw AppError.fromData(envelope.data.error);
    return envelope.data.result as CallResult<typeof name>;
  };

  return {
    kind: 'web',
    call,
    eventsReady: () => openStream(),
    listen: <K extends EventName>(event: K, callback: (payload: EventPayload<K>) => void) => {
      void openStream();
      const set = listeners.get(event) ?? new Set<Listener>();
      const listener: Listener = (payload) => callback(payload as EventPayload<K>);
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    openExternal: (url) => {
      const parsed = URL.canParse(url) ? new URL(url) : null;
      if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
        window.open(parsed.toString(), '_blank', 'noopener,noreferrer');
      }
    },
  };
}
