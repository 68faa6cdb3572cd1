#!/usr/bin/env node
// Runs the TypeScript CLI straight from source (tsx), so `npx logdesk` works right after `npm ci`.
import process from 'node:process';
import { URL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../electron/cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
