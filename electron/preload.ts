/**
 * The window's whole view of the outside: one object, `window.logdesk`, with call/listen/openExternal.
 * Runs sandboxed (no Node): only `electron`'s contextBridge and ipcRenderer are available here.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, PRELOAD_GLOBAL } from '../shared/bridge-channels.ts';
import type { CallEnvelope, PreloadApi } from '../shared/contract/bridge.ts';

const api: PreloadApi = {
  call: (name, args) => ipcRenderer.invoke(IPC.call, name, args) as Promise<CallEnvelope>,
  listen: (event, callback) => {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) callback(payload);
    };
    ipcRenderer.on(IPC.event, handler);
    return () => void ipcRenderer.removeListener(IPC.event, handler);
  },
  openExternal: (url) => ipcRenderer.invoke(IPC.openExternal, url) as Promise<void>,
  pickFolder: (defaultPath) => ipcRenderer.invoke(IPC.pickFolder, defaultPath) as Promise<string | null>,
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
