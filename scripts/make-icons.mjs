#!/usr/bin/env node
// Renders resources/icons/logdesk.svg into every icon electron-builder needs:
// png/NxN.png (Linux, and the sources), icon.icns (macOS), icon.ico (Windows).
// Needs `rsvg-convert` (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import console from 'node:console';

const dir = join(import.meta.dirname, '..', 'resources', 'icons');
const svg = join(dir, 'logdesk.svg');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
mkdirSync(join(dir, 'png'), { recursive: true });
const png = {};
for (const size of SIZES) {
  const file = join(dir, 'png', `${size}x${size}.png`);
  execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), svg, '-o', file]);
  png[size] = readFileSync(file);
}

// ICNS: 'icns', total length, then (type, length, PNG) entries; PNG payloads are valid since 10.7.
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
];
const entries = ICNS_TYPES.map(([type, size]) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(8 + png[size].length, 4);
  return Buffer.concat([head, png[size]]);
});
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'ascii');
icnsHead.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4);
writeFileSync(join(dir, 'icon.icns'), Buffer.concat([icnsHead, ...entries]));

// ICO: header, one 16-byte directory entry per size, PNG payloads (Windows Vista and later).
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const header = Buffer.alloc(6);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(ICO_SIZES.length, 4);
let offset = 6 + 16 * ICO_SIZES.length;
const directory = ICO_SIZES.map((size) => {
  const entry = Buffer.alloc(16);
  entry.writeUInt8(size === 256 ? 0 : size, 0); // 0 means 256
  entry.writeUInt8(size === 256 ? 0 : size, 1);
  entry.writeUInt16LE(1, 4); // colour planes
  entry.writeUInt16LE(32, 6); // bits per pixel
  entry.writeUInt32LE(png[size].length, 8);
  entry.writeUInt32LE(offset, 12);
  offset += png[size].length;
  return entry;
});
writeFileSync(join(dir, 'icon.ico'), Buffer.concat([header, ...directory, ...ICO_SIZES.map((s) => png[s])]));
console.log(`icons written to ${dir}`);
