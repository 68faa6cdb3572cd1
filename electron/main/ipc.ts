import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { IPC } from '../../shared/bridge-channels.ts';
import type { CallEnvelope } from '../../shared/contract/bridge.ts';
import { contract, isCallName } from '../../shared/contract/index.ts';
import { describeZodError } from '../../shared/errors.ts';
import type { EngineClient } from './engine-client.ts';
import { safeOpenExternal } from './safe-open-external.ts';

const refuse = (message: string): CallEnvelope => ({ ok: false, error: { code: 'BAD_ARGUMENT', message } });

/**
 * The window's only door to the engine. Each request is checked here (sender is our page, the call
 * exists, its arguments pass the contract's zod schema) before it is relayed; the engine parses again.
 */
export function registerIpc(engine: EngineClient, isTrustedSender: (url: string) => boolean): () => void {
  const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(event.senderFrame?.url ?? '');

  ipcMain.handle(IPC.call, async (event, name: unknown, args: unknown): Promise<CallEnvelope> => {
    if (!trusted(event)) return refuse('Refused: the request did not come from the Logdesk window');
    if (!isCallName(name)) return refuse(`Unknown call "${String(name)}"`);
    const parsed = contract[name].request.safeParse(args);
    if (!parsed.success) return refuse(`${name}: ${describeZodError(parsed.error, 'request')}`);
    return engine.call(name, args);
  });
  ipcMain.handle(IPC.openExternal, async (event, url: unknown) => {
    if (trusted(event) && typeof url === 'string') await safeOpenExternal(url);
  });
  // Only a path comes back, chosen by the user in the system's own dialog: nothing is read or listed.
  ipcMain.handle(IPC.pickFolder, async (event, defaultPath: unknown): Promise<string | null> => {
    if (!trusted(event)) return null;
    const options: OpenDialogOptions = {
      title: 'Folder for the report',
      buttonLabel: 'Choose folder',
      properties: ['openDirectory', 'createDirectory'],
      ...(typeof defaultPath === 'string' && defaultPath.length <= 4_096 ? { defaultPath } : {}),
    };
    const win = BrowserWindow.fromWebContents(event.sender);
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  });
  const unsubscribe = engine.onEvent((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC.event, name, payload);
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC.call);
    ipcMain.removeHandler(IPC.openExternal);
    ipcMain.removeHandler(IPC.pickFolder);
  };
}
