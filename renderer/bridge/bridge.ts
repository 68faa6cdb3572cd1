import type { Bridge } from './bridge-types.ts';
import { createElectronBridge, hasPreload } from './electron-bridge.ts';
import { createWebBridge } from './web-bridge.ts';

let instance: Bridge | null = null;

export function bridge(): Bridge {
  instance ??= hasPreload() ? createElectronBridge() : createWebBridge();
  return instance;
}
