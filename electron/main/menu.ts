import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import { safeOpenExternal } from './safe-open-external.ts';

/**
 * The standard menus (and so the standard shortcuts: copy/paste, reload, zoom, full screen, quit),
 * plus Back/Forward through the views of the window (`onHistory`).
 */
export function installMenu(onHistory: (direction: 'back' | 'forward') => void = () => undefined): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Back', accelerator: isMac ? 'Cmd+[' : 'Alt+Left', click: () => onHistory('back') },
        { label: 'Forward', accelerator: isMac ? 'Cmd+]' : 'Alt+Right', click: () => onHistory('forward') },
        { type: 'separator' },
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'LiteLLM logging documentation',
          click: () => void safeOpenExternal('https://docs.litellm.ai/docs/proxy/logging'),
        },
        {
          label: 'LiteLLM database schema',
          click: () => void safeOpenExternal('https://github.com/BerriAI/litellm/blob/main/schema.prisma'),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
