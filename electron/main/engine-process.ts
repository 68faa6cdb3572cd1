import { utilityProcess } from 'electron';
import type { FromHost, ToHost } from '../engine-host/protocol.ts';
import type { HostProcess } from './engine-client.ts';

/** Forks the engine into an Electron utility process (Node without the window's privileges). */
export function forkEngineProcess(entry: string, env: Record<string, string>): () => HostProcess {
  return () => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'Logdesk engine',
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    return {
      postMessage: (m: ToHost) => child.postMessage(m),
      onMessage: (listener) => child.on('message', (m: unknown) => listener(m as FromHost)),
      onExit: (listener) => child.on('exit', (code: number) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
