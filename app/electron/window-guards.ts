import { app, session, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol.js';

/** True for a URL the renderer may load: only our own app:// origin (and DevTools in development). */
function allowedUrl(url: string, dev: boolean): boolean {
  if (url.startsWith(APP_ORIGIN + '/')) return true;
  return dev && url.startsWith('devtools://');
}

/**
 * App-wide hardening, applied to every webContents that will ever exist: no new windows, no
 * navigation away from app://, no <webview>, no permissions except writing to the clipboard
 * ("Copy details"), and no network requests to anything but the app itself.
 */
export function installGuards(dev: boolean): void {
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!allowedUrl(url, dev)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowedUrl(url, dev)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  ses.setPermissionCheckHandler((_wc, permission) => permission === 'clipboard-sanitized-write');
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok = allowedUrl(details.url, dev) || details.url.startsWith('data:') || details.url.startsWith('blob:') || (dev && details.url.startsWith('chrome-extension:'));
    callback({ cancel: !ok });
  });
}

/** True when an IPC message comes from our page's main frame (not an injected frame or another origin). */
export function trustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return !!frame && frame.parent === null && frame.url.startsWith(APP_ORIGIN + '/');
}
