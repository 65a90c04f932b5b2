import fs from 'node:fs';
import type http from 'node:http';
import { contentTypeFor } from '../shared/content-types.js';
import { SECURITY_HEADERS } from '../shared/csp.js';
import { resolveStaticPath } from '../shared/static-path.js';

/**
 * Serves the built renderer (no token needed: the page is public code; talking to the engine
 * needs the token). Every response carries the CSP and security headers from `headers`.
 * When the renderer is not built yet, a plain page says how to build it.
 */
export function serveStatic(rendererDir: string, req: http.IncomingMessage, res: http.ServerResponse, url: URL, csp: string): void {
  const base = { ...SECURITY_HEADERS, 'Content-Security-Policy': csp };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...base, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed\n');
    return;
  }
  const target = resolveStaticPath(rendererDir, url.pathname);
  if (target.kind === 'bad-request') {
    res.writeHead(400, { ...base, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Bad request\n');
    return;
  }
  if (target.kind === 'not-found') {
    const built = fs.existsSync(rendererDir);
    res.writeHead(built ? 404 : 503, { ...base, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(built ? '<!doctype html><title>Not found</title><p>Not found.</p>\n' : notBuiltPage(rendererDir));
    return;
  }
  const stat = fs.statSync(target.file);
  const isHtml = target.file.endsWith('.html');
  res.writeHead(200, {
    ...base,
    'Content-Type': contentTypeFor(target.file),
    'Content-Length': stat.size,
    // index.html must be re-read after a rebuild; vite's hashed assets can be cached for the session.
    'Cache-Control': isHtml ? 'no-store' : 'private, max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = fs.createReadStream(target.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function notBuiltPage(dir: string): string {
  const safe = dir.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>Slipstream</title><p>The renderer is not built (${safe} is missing). Run <code>npm run build</code> and reload.</p>\n`;
}
