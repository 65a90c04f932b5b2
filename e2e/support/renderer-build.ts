import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/renderer holds a build of the current renderer: builds with `npx vite build`
 * when index.html is missing or older than any renderer source, contract or domain file.
 */
export function ensureRendererBuilt(): void {
  const index = path.join(repoRoot, 'dist', 'renderer', 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'renderer')),
    newestMtime(path.join(repoRoot, 'main', 'contract')),
    newestMtime(path.join(repoRoot, 'main', 'domain')),
    fs.statSync(path.join(repoRoot, 'vite.config.ts')).mtimeMs,
  );
  if (built > sources) return;
  execSync('npx vite build --logLevel warn', { cwd: repoRoot, stdio: 'inherit', timeout: 170_000 });
}
