// After `electron-vite build`: out/renderer is a build of today's renderer sources with the Vite
// settings web mode uses (renderer-vite-config.ts). Stamped, `logdesk web` serves it; unstamped, the
// first `logdesk web` built it again (a renderer build at the start of every test run).
import { resolve } from 'node:path';
import { stampRendererBuild } from '../electron/web/renderer-build.ts';

stampRendererBuild(resolve(import.meta.dirname, '..'));
