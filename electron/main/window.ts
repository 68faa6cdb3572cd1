import { readFileSync, writeFileSync } from 'node:fs';
import { BrowserWindow, nativeTheme, screen } from 'electron';
import { fitToDisplays, parseWindowState, type WindowState } from './window-state.ts';

function readState(file: string): WindowState {
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // first start
  }
  return fitToDisplays(
    parseWindowState(text),
    screen.getAllDisplays().map((d) => d.workArea),
  );
}

/** The main window: locked down (isolated, sandboxed, no Node), restored where the user left it. */
export function createMainWindow(options: {
  preload: string;
  stateFile: string;
  load: (win: BrowserWindow) => Promise<void>;
}) {
  const state = readState(options.stateFile);
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 1000,
    minHeight: 640,
    show: false,
    title: 'Logdesk',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0e1014' : '#f5f6f8',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    const saved: WindowState = { ...bounds, maximized: win.isMaximized() };
    try {
      writeFileSync(options.stateFile, JSON.stringify(saved));
    } catch {
      // A read-only profile folder must not block closing the window.
    }
  });
  void options.load(win);
  return win;
}
