import fs from 'node:fs';
import path from 'node:path';

/** What to serve for a request path. */
export type StaticTarget =
  | { kind: 'file'; file: string; spaFallback: boolean }
  | { kind: 'not-found' }
  | { kind: 'bad-request' };

/**
 * Maps a URL path onto a file under `root` (the built renderer). Never leaves `root`: the
 * decoded path is resolved and checked, then the real path (after symlinks) is checked again.
 * A path without a file extension that matches nothing gets index.html (client-side routes);
 * a missing asset (`/assets/x.js`) is a 404, not HTML the browser would try to run.
 */
export function resolveStaticPath(root: string, urlPath: string): StaticTarget {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad-request' };
  const realRoot = safeRealpath(root);
  if (!realRoot) return { kind: 'not-found' };
  const candidate = path.resolve(realRoot, '.' + path.posix.normalize('/' + decoded));
  if (!isInside(realRoot, candidate)) return { kind: 'bad-request' };

  const real = safeRealpath(candidate);
  if (real && isInside(realRoot, real) && fs.statSync(real).isFile()) return { kind: 'file', file: real, spaFallback: false };
  if (real && !isInside(realRoot, real)) return { kind: 'bad-request' };
  if (path.posix.extname(decoded) !== '' && !(real && fs.statSync(real).isDirectory())) return { kind: 'not-found' };
  const index = path.join(realRoot, 'index.html');
  return fs.existsSync(index) ? { kind: 'file', file: index, spaFallback: true } : { kind: 'not-found' };
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function safeRealpath(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}
