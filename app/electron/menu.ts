import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../../main/contract/client-api.js';

/**
 * A minimal application menu. Screen switching (Ctrl+1..8) belongs to the renderer, so it is
 * not registered here (a menu accelerator would swallow the key). Open asks the renderer, which
 * owns the dialog-then-open flow and its error display.
 */
export function installMenu(getWindow: () => BrowserWindow | null, send: (action: MenuAction) => void, dev: boolean): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open data file…', accelerator: 'CmdOrCtrl+O', click: () => send('open-data-file') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { label: 'Reload', accelerator: 'CmdOrCtrl+R', click: () => getWindow()?.webContents.reload() },
        ...(dev ? [{ label: 'Toggle Developer Tools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I', click: () => getWindow()?.webContents.toggleDevTools() }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
