import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The desktop packages without building them (no Electron runtime here): electron-builder.yml is
 * valid against electron-builder's own configuration schema, and every icon it names exists in the
 * format and sizes each platform needs.
 */
const ROOT = join(import.meta.dirname, '../..');
// electron-builder's own dependencies: the schema it validates with, and the parsers it uses.
const require = createRequire(join(ROOT, 'node_modules/app-builder-lib/package.json'));
const Ajv = require('ajv') as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] };
};
const yaml = require('js-yaml') as { load(text: string): unknown };

const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii'), file).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's configuration schema", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('registers the logdesk: scheme the app handles (Copy link)', () => {
    expect(config.protocols).toEqual([{ name: 'Logdesk link', schemes: ['logdesk'] }]);
  });

  it('names icons for every platform: .icns (macOS), .ico (Windows), PNG 512 and 1024 (Linux)', () => {
    const icns = readFileSync(join(ROOT, String(config.mac!.icon)));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.subarray(at, at + 4).toString('ascii'));
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));

    const ico = readFileSync(join(ROOT, String(config.win!.icon)));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));

    const pngs = join(ROOT, String(config.linux!.icon));
    expect(statSync(pngs).isDirectory()).toBe(true);
    for (const size of [512, 1024])
      expect(pngSize(join(pngs, `${size}x${size}.png`))).toEqual({ width: size, height: size });
  });
});
