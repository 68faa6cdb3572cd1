/**
 * Web mode for the bench's memory figure: the engine behind the loopback web server (no UI build
 * needed for API calls), its URL and token printed as one JSON line on stdout.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../electron/engine/engine.ts';
import { nodePlatform } from '../electron/engine/platform/node-platform.ts';
import { startWebServer } from '../electron/web/web-server.ts';

const engine = createEngine(nodePlatform(process.env, { prompt: false }));
const server = await startWebServer({ engine, rendererDir: mkdtempSync(join(tmpdir(), 'logdesk-bench-ui-')) });
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token })}\n`);
process.on('SIGTERM', () => void server.close().then(() => engine.close()).then(() => process.exit(0)));
