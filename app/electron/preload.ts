/**
 * The only bridge between the sandboxed renderer and the rest of the app: exposes exactly one
 * object, `window.slipstream`, implementing `PreloadBridge`. A sandboxed preload may use only
 * contextBridge and ipcRenderer, so this file imports nothing else at run time.
 * Errors cross as plain `ErrorInfo` objects: contextBridge keeps only the message of an Error.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppSettings, MenuAction, PreloadBridge } from '../../main/contract/client-api.js';
import type { FixSessionsReply, FixSessionsState } from '../../main/contract/fix-sessions.js';
import type { Response } from '../../main/contract/wire.js';
import { IPC } from './ipc-channels.js';

type SettingsReply = { ok: true; settings: AppSettings } | { ok: false; error: { code: 'validation'; message: string; field: string } };

/** Subscribes to a main → renderer channel; returns the unsubscribe function. */
function subscribe<A extends unknown[]>(channel: string, listener: (...args: A) => void): () => void {
  // Never hand the renderer the IpcRendererEvent: it exposes `sender` (ipcRenderer itself).
  const wrapped = (_event: IpcRendererEvent, ...args: unknown[]) => listener(...(args as A));
  ipcRenderer.on(channel, wrapped);
  return () => void ipcRenderer.removeListener(channel, wrapped);
}

const bridge: PreloadBridge = {
  platform: 'electron',
  async request(command: string, args: unknown) {
    const res = (await ipcRenderer.invoke(IPC.request, command, args)) as Response;
    if (res.ok) return res.result;
    throw res.error;
  },
  onEvent: (listener) => subscribe<[string, unknown]>(IPC.event, (name, payload) => listener(name, payload)),
  pickFiles: () => ipcRenderer.invoke(IPC.pickFiles) as Promise<string[] | null>,
  pickFolder: () => ipcRenderer.invoke(IPC.pickFolder) as Promise<string | null>,
  getSettings: () => ipcRenderer.invoke(IPC.settingsGet) as Promise<AppSettings>,
  async setSettings(patch) {
    const res = (await ipcRenderer.invoke(IPC.settingsSet, patch)) as SettingsReply;
    if (res.ok) return res.settings;
    throw res.error;
  },
  onMenu: (listener) => subscribe<[MenuAction]>(IPC.menu, (action) => listener(action)),
  fixSessions: {
    list: () => fixSessionsCall({ op: 'list' }),
    save: (input) => fixSessionsCall({ op: 'save', input }),
    remove: (id) => fixSessionsCall({ op: 'remove', id }),
  },
};

async function fixSessionsCall(call: unknown): Promise<FixSessionsState> {
  const res = (await ipcRenderer.invoke(IPC.fixSessions, call)) as FixSessionsReply;
  if (res.ok) return res.state;
  throw res.error;
}

contextBridge.exposeInMainWorld('slipstream', bridge);
