import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in for the `electron` module (the runtime cannot be downloaded here): enough of app,
 * BrowserWindow, ipcMain, session, shell, dialog, safeStorage, utilityProcess and contextBridge for
 * the main process and the preload to load and run, recording what they ask of Electron.
 */
export function createElectronStandIn(options: { storageBackend?: string } = {}) {
  const userData = mkdtempSync(join(tmpdir(), 'logdesk-electron-'));
  const recorded = {
    windows: [] as StandInWindow[],
    ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    opened: [] as string[],
    messageBoxes: [] as { message: string; detail?: string }[],
    exposed: new Map<string, unknown>(),
    invoked: [] as unknown[][],
    permissionRequest: null as
      null | ((wc: unknown, permission: string, callback: (ok: boolean) => void) => void),
    sandboxEnabled: false,
    utilityForks: [] as string[],
    openDialogs: [] as { window: unknown; options: Record<string, unknown> }[],
    /** What the next folder picker answers: a path, or null for Cancel. */
    nextPickedFolder: null as string | null,
    /** Messages the main process sent to pages: [channel, ...args]. */
    sent: [] as unknown[][],
    protocolClients: [] as unknown[][],
    menuTemplate: null as unknown,
  };

  class StandInContents extends EventEmitter {
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    send(...args: unknown[]) {
      recorded.sent.push(args);
    }
    isLoading = () => false;
  }

  class StandInWindow extends EventEmitter {
    static getAllWindows = () => recorded.windows;
    static fromWebContents = (contents: unknown) =>
      recorded.windows.find((w) => w.webContents === contents) ?? null;
    static getFocusedWindow = () => recorded.windows[0] ?? null;
    readonly webContents = new StandInContents();
    loaded: string | null = null;
    constructor(readonly options: Record<string, unknown>) {
      super();
      recorded.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadFile(file: string) {
      this.loaded = file;
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    maximize() {}
    show() {}
    isMaximized = () => false;
    isMinimized = () => false;
    isDestroyed = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 800 });
    focus() {}
    restore() {}
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    enableSandbox: () => void (recorded.sandboxEnabled = true),
    setPath: () => undefined,
    getPath: (name: string) => (name === 'userData' ? userData : join(userData, name)),
    requestSingleInstanceLock: () => true,
    setAsDefaultProtocolClient: (...args: unknown[]) => (recorded.protocolClients.push(args), true),
    whenReady: () => Promise.resolve(),
    quit: () => undefined,
  });

  const child = Object.assign(new EventEmitter(), { postMessage: () => undefined, kill: () => true });
  const electron = {
    app,
    BrowserWindow: StandInWindow,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
        recorded.ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => recorded.ipcHandlers.delete(channel),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof recorded.permissionRequest) =>
          void (recorded.permissionRequest = h),
        setPermissionCheckHandler: () => undefined,
      },
    },
    shell: {
      openExternal: async (url: string) => void recorded.opened.push(url),
      showItemInFolder: () => undefined,
    },
    dialog: {
      showMessageBox: async (_win: unknown, box: { message: string; detail?: string }) =>
        void recorded.messageBoxes.push(box),
      showOpenDialog: async (...args: unknown[]) => {
        const [window, options] = args.length > 1 ? args : [null, args[0]];
        recorded.openDialogs.push({ window, options: options as Record<string, unknown> });
        const picked = recorded.nextPickedFolder;
        return { canceled: picked === null, filePaths: picked === null ? [] : [picked] };
      },
    },
    safeStorage: {
      getSelectedStorageBackend: () => options.storageBackend ?? 'gnome_libsecret',
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
    },
    utilityProcess: { fork: (entry: string) => (recorded.utilityForks.push(entry), child) },
    Menu: {
      buildFromTemplate: (template: unknown) => ((recorded.menuTemplate = template), {}),
      setApplicationMenu: () => undefined,
    },
    nativeTheme: { shouldUseDarkColors: false },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void recorded.exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => void recorded.invoked.push(args),
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
  return { electron, recorded, userData };
}
