/**
 * Electron's main process: one locked-down window, the engine in a utility process, and a relay
 * between them. It never runs queries itself.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { createFileLogger } from './engine/platform/file-logger.ts';
import { EngineClient } from './main/engine-client.ts';
import { forkEngineProcess } from './main/engine-process.ts';
import { registerIpc } from './main/ipc.ts';
import { installMenu } from './main/menu.ts';
import { safeOpenExternal } from './main/safe-open-external.ts';
import { safeStorageSecrets } from './main/secrets.ts';
import { DEEP_LINK_SCHEME, deepLinkInArgs, deepLinkQuery, isAppUrl } from './main/url-policy.ts';
import { createMainWindow } from './main/window.ts';
import { WatchTray } from './main/watch-tray.ts';
import { IPC } from '../shared/bridge-channels.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const indexFile = join(here, '../renderer/index.html');
const indexUrl = pathToFileURL(indexFile).toString();
const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const trusted = (url: string) => isAppUrl(url, indexUrl, devServer);
/** Watch mode's notifications and tray; set once the engine runs. */
let watchTray: WatchTray | null = null;
/** Opens a `logdesk://` link in the window; until the window exists, the link waits here. */
let openLink: (link: string) => void = (link) => (pendingLink = link);
let pendingLink: string | null = deepLinkInArgs(process.argv);

app.enableSandbox();
// A separate profile folder (tests, a portable install); must be set before the app is ready.
if (process.env.LOGDESK_USER_DATA) app.setPath('userData', process.env.LOGDESK_USER_DATA);

function lockDownContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!trusted(url)) {
        event.preventDefault();
        void safeOpenExternal(url);
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!trusted(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      void safeOpenExternal(url);
      return { action: 'deny' };
    });
  });
  // Only clipboard writes (the copy buttons) are allowed; no camera, notifications, geolocation…
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );
  session.defaultSession.setPermissionCheckHandler(
    (_wc, permission) => permission === 'clipboard-sanitized-write',
  );
}

async function start(): Promise<void> {
  const dataDir = join(app.getPath('userData'), 'data');
  const log = createFileLogger(join(dataDir, 'logs'));
  const secrets = safeStorageSecrets(log);
  const engine = new EngineClient(
    forkEngineProcess(join(here, 'engine-host.js'), {
      LOGDESK_DATA_DIR: dataDir,
      LOGDESK_CACHE_DIR: join(app.getPath('userData'), 'cache'),
      LOGDESK_SECRETS_KIND: secrets.store.kind,
    }),
    secrets.store,
    log,
    (path) => shell.showItemInFolder(path),
  );
  lockDownContents();
  registerIpc(engine, trusted);
  installMenu((direction) => {
    const focused = BrowserWindow.getFocusedWindow() ?? win;
    if (!focused.isDestroyed()) focused.webContents.send(IPC.event, 'view.history', { direction });
  });
  const open = () =>
    createMainWindow({
      preload: join(here, '../preload/preload.cjs'),
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      load: (win) => (devServer ? win.loadURL(devServer) : win.loadFile(indexFile)),
    });
  let win = open();
  if (secrets.warning) {
    win.once(
      'ready-to-show',
      () =>
        void dialog.showMessageBox(win, {
          type: 'warning',
          message: 'Secrets are not protected by a keychain',
          detail: secrets.warning!,
        }),
    );
  }
  const showWindow = () => {
    if (win.isDestroyed()) win = open();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return win;
  };
  // The renderer takes a view like any engine event, once its page is loaded.
  const sendToPage = (name: string, payload: unknown) => {
    const target = showWindow();
    const send = () => target.webContents.send(IPC.event, name, payload);
    if (target.webContents.isLoading()) target.webContents.once('did-finish-load', send);
    else send();
  };
  openLink = (link) => {
    const checked = deepLinkQuery(link);
    if ('query' in checked) return sendToPage('view.open', checked);
    log.warn('deep link refused', { reason: checked.refused });
    void dialog.showMessageBox(showWindow(), {
      type: 'warning',
      message: 'Logdesk did not open this link',
      detail: `The link was refused: ${checked.refused}.`,
    });
  };
  if (pendingLink) openLink(pendingLink);
  pendingLink = null;
  watchTray = new WatchTray(engine, {
    openWindow: () => void showWindow(),
    openView: (view) => sendToPage('watch.open', view),
    quit: () => app.quit(),
  });
  // Windows and Linux start a second process for a clicked link: it hands over its arguments and quits.
  app.on('second-instance', (_event, argv: string[]) => {
    const link = deepLinkInArgs(argv);
    if (link) openLink(link);
    else showWindow();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = open();
  });
  // Quitting waits (a few seconds at most) for the engine to cancel its jobs, so an export cut
  // short leaves no temp file behind; then quits for real.
  let engineStopped = false;
  app.on('before-quit', (event) => {
    watchTray?.dispose();
    if (engineStopped) return;
    event.preventDefault();
    void engine.stop().finally(() => {
      engineStopped = true;
      app.quit();
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Run from source (`electron .`), the OS must start Electron with the app folder: say so.
  if (process.defaultApp && process.argv[1])
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  // macOS delivers links as an event, possibly before the app is ready.
  app.on('open-url', (event, link) => {
    event.preventDefault();
    openLink(link);
  });
  app.on('window-all-closed', () => {
    // With a watch on, the app lives on in the tray; otherwise it quits as before.
    void (watchTray?.windowsClosed() ?? Promise.resolve('quit' as const))
      .catch(() => 'quit' as const)
      .then((next) => {
        if (next === 'quit' && process.platform !== 'darwin') app.quit();
      });
  });
  void app.whenReady().then(start);
}
