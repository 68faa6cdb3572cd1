/** Names shared by Electron's main process, its preload and the renderer (no dependencies: the preload bundles it). */
export const PRELOAD_GLOBAL = 'logdesk';
export const IPC = {
  call: 'logdesk:call',
  event: 'logdesk:event',
  openExternal: 'logdesk:open-external',
  pickFolder: 'logdesk:pick-folder',
} as const;
