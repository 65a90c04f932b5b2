import { BrowserWindow } from 'electron';
import { APP_ORIGIN } from './app-protocol.js';
import { ComputeWindow } from './compute-window.js';

/** The compute page inside the app's own origin (the renderer build's second entry). */
export const COMPUTE_PAGE_URL = `${APP_ORIGIN}/compute.html`;

/**
 * The Electron compute window: hidden, sandboxed, no preload or Node, not throttled in the
 * background (a training job must not slow down because the window is never shown).
 */
export function electronComputeWindow(): ComputeWindow {
  return new ComputeWindow(() => {
    const win = new BrowserWindow({
      show: false,
      width: 400,
      height: 300,
      title: 'Slipstream compute',
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, backgroundThrottling: false },
    });
    return {
      loadURL: (url) => win.loadURL(url),
      executeJavaScript: (code) => win.webContents.executeJavaScript(code, true),
      isDestroyed: () => win.isDestroyed(),
      destroy: () => win.destroy(),
    };
  }, COMPUTE_PAGE_URL);
}
