import fs from 'node:fs';
import { protocol } from 'electron';
import { contentTypeFor } from '../shared/content-types.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../shared/csp.js';
import { resolveStaticPath } from '../shared/static-path.js';

/** The renderer's origin. A custom standard scheme gives it a real origin (unlike file://) and lets us set headers. */
export const APP_ORIGIN = 'app://slipstream';

/** Must run before `app.whenReady()`: a scheme's privileges are fixed at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/**
 * Serves dist/renderer at app://slipstream/ with the shared CSP and security headers, the same
 * path rules as the headless host (no traversal, SPA fallback), and nothing from elsewhere.
 */
export function serveRenderer(rendererDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': csp };
    if (url.host !== 'slipstream') return new Response('Not found', { status: 404, headers });
    const target = resolveStaticPath(rendererDir, url.pathname);
    if (target.kind !== 'file') return new Response(target.kind === 'bad-request' ? 'Bad request' : 'Not found', { status: target.kind === 'bad-request' ? 400 : 404, headers });
    const body = await fs.promises.readFile(target.file);
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(target.file) } });
  });
}
