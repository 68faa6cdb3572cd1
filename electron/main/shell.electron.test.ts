import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC, PRELOAD_GLOBAL } from '../../shared/bridge-channels.ts';
import { createElectronStandIn } from '../test-support/electron-stand-in.ts';

/**
 * The Electron shell without the runtime: main.ts and the preload loaded through a stand-in
 * `electron` module (the packaged app, on Linux without a keyring: safeStorage says basic_text).
 */
const standIn = vi.hoisted(() => ({ current: null as ReturnType<typeof createElectronStandIn> | null }));
vi.mock('electron', async () => {
  const { createElectronStandIn: make } = await import('../test-support/electron-stand-in.ts');
  standIn.current = make({ storageBackend: 'basic_text' });
  return { ...standIn.current.electron, default: standIn.current.electron };
});

const ready = () => new Promise((r) => setTimeout(r, 50));
let recorded: ReturnType<typeof createElectronStandIn>['recorded'];

beforeAll(async () => {
  Object.defineProperty(process, 'platform', { value: 'linux' });
  await import('../main.ts');
  await ready();
  recorded = standIn.current!.recorded;
});

const win = () => recorded.windows[0]!;
const prefs = () => win().options.webPreferences as Record<string, unknown>;

describe('the main window', () => {
  it('is isolated, sandboxed, without Node, and loads only the built index.html', () => {
    expect(recorded.sandboxEnabled).toBe(true);
    expect(prefs()).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(prefs().preload)).toMatch(/preload\.cjs$/);
    expect(win().loaded).toMatch(/renderer\/index\.html$/);
  });

  it('has a strict Content-Security-Policy in its page', () => {
    const html = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  });

  it('blocks navigation away from the app and every new window; http(s) links go to the browser, others nowhere', async () => {
    const contents = win().webContents;
    const navigate = (url: string) => {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.emit('will-navigate', event, url);
      return event.prevented;
    };
    expect(navigate('https://evil.example/phish')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(String(win().loaded).replace(/^/, 'file://'))).toBe(false);
    expect(contents.windowOpenHandler!({ url: 'https://docs.litellm.ai/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await ready();
    expect(recorded.opened).toContain('https://docs.litellm.ai/');
    expect(recorded.opened.some((u) => u.startsWith('javascript:') || u.startsWith('file:'))).toBe(false);
    let granted: boolean | null = null;
    recorded.permissionRequest!({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('answers IPC only from its own page', async () => {
    const call = recorded.ipcHandlers.get(IPC.call)!;
    const foreign = await call({ senderFrame: { url: 'https://evil.example/' } }, 'presets.list', {});
    expect(foreign).toEqual({
      ok: false,
      error: { code: 'BAD_ARGUMENT', message: 'Refused: the request did not come from the Logdesk window' },
    });
    const own = `file://${win().loaded}`;
    const unknown = await call({ senderFrame: { url: own } }, 'constructor', {});
    expect(unknown).toEqual({
      ok: false,
      error: { code: 'BAD_ARGUMENT', message: 'Unknown call "constructor"' },
    });
  });

  it('offers the native folder picker for the export, to its own page only (issue 12 fix 11)', async () => {
    const pick = recorded.ipcHandlers.get(IPC.pickFolder)!;
    const own = { senderFrame: { url: `file://${win().loaded}` }, sender: win().webContents };
    recorded.nextPickedFolder = '/home/ana/incident-reports';
    expect(await pick(own, '/home/ana')).toBe('/home/ana/incident-reports');
    expect(recorded.openDialogs.at(-1)!.window).toBe(win());
    expect(recorded.openDialogs.at(-1)!.options).toMatchObject({
      defaultPath: '/home/ana',
      properties: ['openDirectory', 'createDirectory'],
    });
    recorded.nextPickedFolder = null;
    expect(await pick(own, undefined), 'Cancel').toBeNull();
    expect(recorded.openDialogs.at(-1)!.options).not.toHaveProperty('defaultPath');
    const opened = recorded.openDialogs.length;
    expect(await pick({ senderFrame: { url: 'https://evil.example/' }, sender: {} }, '/')).toBeNull();
    expect(recorded.openDialogs).toHaveLength(opened);
  });

  it('warns once the window shows that secrets are only obfuscated (safeStorage basic_text)', async () => {
    win().emit('ready-to-show');
    await ready();
    expect(recorded.messageBoxes).toHaveLength(1);
    expect(recorded.messageBoxes[0]!.message).toBe('Secrets are not protected by a keychain');
    expect(recorded.messageBoxes[0]!.detail).toMatch(/basic_text.*only obfuscated/);
  });
});

describe('the preload', () => {
  it('exposes only call, listen, openExternal and pickFolder on window.logdesk, each through ipcRenderer', async () => {
    await import('../preload.ts');
    const api = recorded.exposed.get(PRELOAD_GLOBAL) as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual(['call', 'listen', 'openExternal', 'pickFolder']);
    await api.call!('presets.list', {});
    expect(recorded.invoked.at(-1)).toEqual([IPC.call, 'presets.list', {}]);
    await api.pickFolder!('/home/ana');
    expect(recorded.invoked.at(-1)).toEqual([IPC.pickFolder, '/home/ana']);
  });
});
