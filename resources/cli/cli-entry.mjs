// Entry of the packaged `logdesk` command (run by ./logdesk or ./logdesk.cmd with ELECTRON_RUN_AS_NODE=1):
// the CLI bundle inside the app's archive, beside this folder (resources/app.asar/out/cli).
import process from 'node:process';
import { URL } from 'node:url';

const { main } = await import(new URL('../app.asar/out/cli/logdesk.mjs', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
