import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The `logdesk` command of the installed packages (resources/cli), run here in the layouts the
 * packages install (the deb's /opt/Logdesk and a macOS Logdesk.app) with a stand-in for the app's
 * Electron that is plain Node, and only in Node mode (ELECTRON_RUN_AS_NODE=1, as Electron is).
 */
const ROOT = join(import.meta.dirname, '../..');
const BUNDLE = join(ROOT, 'out/cli');
const require = createRequire(join(ROOT, 'node_modules/app-builder-lib/package.json'));
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

/** The app's Electron: runs Node only when asked to be Node, like Electron with the runAsNode fuse on. */
const FAKE_ELECTRON = `#!/bin/sh
[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "started as the app, not as Node" >&2; exit 99; }
exec "${process.execPath}" "$@"
`;

/** An installed app: `binary` relative to `appRoot`, resources/ in `resources` with the CLI bundle in its archive. */
function install(layout: { binary: string; resources: string }): { root: string; launcher: string } {
  const root = mkdtempSync(join(tmpdir(), 'logdesk-install-'));
  const binary = join(root, layout.binary);
  mkdirSync(join(binary, '..'), { recursive: true });
  writeFileSync(binary, FAKE_ELECTRON);
  chmodSync(binary, 0o755);
  const resources = join(root, layout.resources);
  cpSync(join(ROOT, 'resources/cli'), join(resources, 'cli'), { recursive: true });
  mkdirSync(join(resources, 'app.asar/out'), { recursive: true });
  symlinkSync(BUNDLE, join(resources, 'app.asar/out/cli'));
  return { root, launcher: join(resources, 'cli/logdesk') };
}

const run = (command: string, args: string[]) =>
  spawnSync(command, args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '' },
  });

describe('the logdesk command of the installed app', () => {
  it('needs the CLI bundle the packages ship (npm ci / npm run build make it)', () => {
    expect(existsSync(join(BUNDLE, 'logdesk.mjs'))).toBe(true);
  });

  it('deb: /usr/bin/logdesk links to the launcher, which runs the CLI with the app in Node mode', () => {
    const { root, launcher } = install({
      binary: 'opt/Logdesk/logdesk-app',
      resources: 'opt/Logdesk/resources',
    });
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    symlinkSync(launcher, join(root, 'usr/bin/logdesk'));
    const help = run(join(root, 'usr/bin/logdesk'), ['--help']);
    expect(help.stderr).toBe('');
    expect(help.stdout).toContain('Usage: logdesk <command> [options]');
    expect(help.status).toBe(0);
    // Arguments and the exit code pass through.
    const bad = run(join(root, 'usr/bin/logdesk'), ['no-such-command']);
    expect(bad.stderr).toContain('unknown command "no-such-command"');
    expect(bad.status).not.toBe(0);
  });

  it('macOS: a link to Logdesk.app/Contents/Resources/cli/logdesk, relative or not, runs Contents/MacOS/Logdesk', () => {
    const { root, launcher } = install({
      binary: 'Logdesk.app/Contents/MacOS/Logdesk',
      resources: 'Logdesk.app/Contents/Resources',
    });
    mkdirSync(join(root, 'bin'));
    symlinkSync('../Logdesk.app/Contents/Resources/cli/logdesk', join(root, 'bin/logdesk'));
    const help = run(join(root, 'bin/logdesk'), ['investigate', '--help']);
    expect(help.stdout).toContain('logdesk investigate');
    expect(help.status).toBe(0);
    expect(run(launcher, ['--help']).status).toBe(0);
  });

  it('says where it looked when no app is beside it', () => {
    const root = mkdtempSync(join(tmpdir(), 'logdesk-install-'));
    cpSync(join(ROOT, 'resources/cli'), join(root, 'cli'), { recursive: true });
    const result = run(join(root, 'cli/logdesk'), ['--help']);
    expect(result.status).toBe(70);
    expect(result.stderr).toContain('the Logdesk app was not found');
  });

  it("is packaged: extraResources, the deb scripts (electron-builder's own plus the link), the Node-mode fuse", () => {
    expect(config.extraResources).toEqual([{ from: 'resources/cli', to: 'cli' }]);
    expect((config.electronFuses as Record<string, unknown>).runAsNode).toBe(true);
    expect((config.linux as Record<string, unknown>).executableName).toBe('logdesk-app');
    const deb = config.deb as Record<string, string>;
    const templates = join(ROOT, 'node_modules/app-builder-lib/templates/linux');
    for (const [script, template, line] of [
      [
        deb.afterInstall!,
        'after-install.tpl',
        "ln -sf '/opt/${sanitizedProductName}/resources/cli/logdesk' '/usr/bin/logdesk'",
      ],
      [deb.afterRemove!, 'after-remove.tpl', "rm -f '/usr/bin/logdesk'"],
    ] as const) {
      const text = readFileSync(join(ROOT, script), 'utf8');
      // Nothing of electron-builder's default script is lost (the sandbox's mode, the app's own link).
      expect(text).toContain(
        readFileSync(join(templates, template), 'utf8').split('\n').slice(1).join('\n').trim(),
      );
      expect(text).toContain(line);
    }
    const cmd = readFileSync(join(ROOT, 'resources/cli/logdesk.cmd'), 'utf8');
    expect(cmd).toContain('set ELECTRON_RUN_AS_NODE=1');
    expect(cmd).toContain('"%~dp0..\\..\\Logdesk.exe" "%~dp0cli-entry.mjs" %*');
  });
});
