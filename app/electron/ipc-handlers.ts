import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Response } from '../../main/contract/index.js';
import type { PromiseClient } from '../relay/promise-client.js';
import type { SettingsService } from '../settings/settings-service.js';
import { fixSessionsCall, type FixSessionsOp } from '../settings/fix-sessions-api.js';
import type { FixSessionStore } from '../settings/fix-sessions.js';
import { IPC } from './ipc-channels.js';
import { trustedSender } from './window-guards.js';

/** File types the readers understand; "All files" stays available for oddly named exports. */
const DATA_FILTERS = [
  { name: 'Market data', extensions: ['csv', 'gz', 'jsonl', 'json', 'zst'] },
  { name: 'All files', extensions: ['*'] },
];

/**
 * The renderer-facing IPC surface: engine requests (validated by the relay against the
 * contract), the native file dialog (the only way the engine may open a file outside the
 * samples: the paths the user picked are granted to it) and settings. Every handler first checks the sender is
 * our page's main frame.
 */
export function installIpcHandlers(deps: {
  client: () => PromiseClient | null;
  window: () => BrowserWindow | null;
  settings: SettingsService;
  /** FIX sessions; passwords sealed with safeStorage (app/settings/secret-box.ts). */
  fixSessions: FixSessionStore;
  /** Lets the engine open what the user picked in the dialog (and nothing else outside the samples). */
  grantFiles: (files: readonly string[]) => void;
}): void {
  const guard = <A extends unknown[], R>(fn: (...args: A) => R) =>
    (event: IpcMainInvokeEvent, ...args: A): R => {
      if (!trustedSender(event.senderFrame)) throw new Error('IPC from an untrusted frame');
      return fn(...args);
    };

  ipcMain.handle(
    IPC.request,
    guard(async (command: unknown, args: unknown): Promise<Response> => {
      const client = deps.client();
      if (!client) return { kind: 'response', id: -1, ok: false, error: { code: 'state', message: 'No window is connected to the engine' } };
      return client.request(String(command), args);
    }),
  );

  ipcMain.handle(
    IPC.pickFiles,
    guard(async () => {
      const win = deps.window();
      const options = { title: 'Open market data', properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>, filters: DATA_FILTERS };
      const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      if (res.canceled || res.filePaths.length === 0) return null;
      // Granted before the paths reach the renderer, so its next request can open them.
      deps.grantFiles(res.filePaths);
      return res.filePaths;
    }),
  );

  ipcMain.handle(
    IPC.pickFolder,
    guard(async () => {
      const win = deps.window();
      const options = { title: 'Choose a model folder', properties: ['openDirectory'] as Array<'openDirectory'> };
      const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      if (res.canceled || res.filePaths.length === 0) return null;
      // Granted like picked files: the engine may then open this folder as a model folder (file-access.ts).
      deps.grantFiles(res.filePaths.slice(0, 1));
      return res.filePaths[0]!;
    }),
  );

  ipcMain.handle(IPC.settingsGet, guard(() => deps.settings.get()));
  ipcMain.handle(IPC.fixSessions, guard((call: unknown) => fixSessionsCall(deps.fixSessions, fixSessionsOp(call))));
  ipcMain.handle(
    IPC.settingsSet,
    guard((patch: unknown) => {
      const r = deps.settings.update(patch);
      return r.ok ? r : { ok: false, error: { code: 'validation', message: r.message, field: r.field } };
    }),
  );
}

/** The renderer's call as an operation; anything else asks for the list (which changes nothing). */
function fixSessionsOp(call: unknown): FixSessionsOp {
  const c = (typeof call === 'object' && call !== null ? call : {}) as Record<string, unknown>;
  if (c.op === 'save') return { op: 'save', input: c.input };
  if (c.op === 'remove') return { op: 'remove', id: c.id };
  return { op: 'list' };
}
