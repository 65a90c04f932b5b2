/**
 * Electron main process: one window, the engine in a utilityProcess, and a relay between them.
 * No domain logic here. Bundled to dist/app/electron-main.cjs by scripts/build.mjs.
 */
import fs from 'node:fs';
import { app, BrowserWindow, safeStorage } from 'electron';
import type { MenuAction } from '../../main/contract/client-api.js';
import type { EngineLink } from '../engine/engine-link.js';
import { EngineRelay } from '../relay/engine-relay.js';
import { createPromiseClient, type PromiseClient } from '../relay/promise-client.js';
import { syncRiskLimits } from '../settings/risk-limits-sync.js';
import { FixSessionStore } from '../settings/fix-sessions.js';
import { withFixStart } from '../headless/fix-start-link.js';
import { openFileKeyBox, safeStorageBox } from '../settings/secret-box.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol.js';
import { appPaths } from './app-paths.js';
import { openElectronSettings } from './electron-settings.js';
import { IPC } from './ipc-channels.js';
import { installIpcHandlers } from './ipc-handlers.js';
import { installMenu } from './menu.js';
import { superviseEngine } from '../engine/supervised-engine-link.js';
import { startUtilityEngine } from './utility-engine-link.js';
import { installGuards } from './window-guards.js';
import { serveGpuJobsWithWindow } from './compute-relay.js';
import { electronComputeWindow } from './compute-window-electron.js';
import type { ComputeWindow } from './compute-window.js';

const dev = !app.isPackaged;
let win: BrowserWindow | null = null;
let client: PromiseClient | null = null;
let engine: EngineLink | null = null;
/** Hidden window for GPU jobs; closed with the main window so 'window-all-closed' still quits the app. */
let computeWindow: ComputeWindow | null = null;

// A second launch focuses the running window instead of starting a second engine.
const primaryInstance = app.requestSingleInstanceLock();
if (!primaryInstance) app.quit();
app.enableSandbox();
registerAppScheme();

function createWindow(paths: ReturnType<typeof appPaths>, relay: EngineRelay, theme: 'dark' | 'light'): void {
  win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Slipstream',
    // Matches the theme so the first frame does not flash white.
    backgroundColor: theme === 'dark' ? '#0f1115' : '#ffffff',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: dev,
      spellcheck: false,
    },
  });
  const webContents = win.webContents;
  client = createPromiseClient(relay, (ev) => {
    if (!webContents.isDestroyed()) webContents.send(IPC.event, ev.name, ev.payload);
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    computeWindow?.close();
    client?.close();
    client = null;
    win = null;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('second-instance', () => {
  if (win?.isMinimized()) win.restore();
  win?.focus();
});

app.whenReady().then(() => {
  if (!primaryInstance) return;
  const paths = appPaths();
  fs.mkdirSync(paths.dataDir, { recursive: true });
  installGuards(dev);
  serveRenderer(paths.rendererDir);
  const settings = openElectronSettings(paths.settingsDir);

  // A utility process that dies is restarted; the relay fails what was in flight, tells the
  // window (`engine.restarted`) and logs it.
  engine = superviseEngine(() => startUtilityEngine(paths.engineEntry, { ...paths, tfBackend: settings.get().tfBackend }));
  // fix.connect reaches the engine with the stored session (its password opened here, never by the window);
  // `fixSessions` is declared below and read only when a fix.connect arrives.
  const relay = new EngineRelay(withFixStart(engine, (id) => fixSessions.forStart(id)));
  // Stored risk limits reach the engine at start, after a restart and on change (app/settings/risk-limits-sync.ts).
  syncRiskLimits((onEvent) => createPromiseClient(relay, onEvent), settings);
  // The engine's GPU training jobs (`gpu.run`) run in a hidden compute window, opened on the first job.
  const gpuWindow = electronComputeWindow();
  computeWindow = gpuWindow;
  serveGpuJobsWithWindow(createPromiseClient(relay, () => {}), (job, onProgress) => gpuWindow.runJob(job, onProgress));

  // FIX passwords: the OS keychain through safeStorage; without one (Linux basic_text) the key file.
  const fixSessions = new FixSessionStore(paths.settingsDir, safeStorageBox(safeStorage) ?? openFileKeyBox(paths.settingsDir));
  installIpcHandlers({ client: () => client, window: () => win, settings, fixSessions, grantFiles: (files) => engine?.grantFiles(files) });
  installMenu(() => win, (action: MenuAction) => win?.webContents.send(IPC.menu, action), dev);
  createWindow(paths, relay, settings.get().theme);

  app.on('activate', () => {
    if (!win) createWindow(paths, relay, settings.get().theme);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Give the engine its chance to dispose (flush results, close the database) before exit.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !engine) return;
  event.preventDefault();
  quitting = true;
  void engine.close().finally(() => app.quit());
});
