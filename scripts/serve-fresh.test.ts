/**
 * #14 item 8: `npx slipstream serve` right after `npm install` serves the UI, not a page saying
 * the renderer is not built. A copy of the working tree without dist/ (as a fresh clone is, when
 * the install-time build was skipped or failed) must build on first start and then serve the
 * renderer; a second start must not build again.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { useChildProcesses } from './test-child-processes.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const running = useChildProcesses();
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

/** The repository's files as a clone has them (tracked and new, not ignored), with node_modules linked. */
function freshCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-fresh-'));
  scratch.push(dir);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    const from = path.join(repoRoot, f);
    if (!fs.existsSync(from)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, f));
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Starts `slipstream serve --port 0` in `cwd`; resolves with the URL line and what went to stderr by then. */
function serve(cwd: string): Promise<{ url: string; stderr: string }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-serve-'));
  scratch.push(tmp);
  const child = spawn(process.execPath, ['bin/slipstream.js', 'serve', '--port', '0'], {
    cwd,
    env: { ...process.env, SLIPSTREAM_FROM_SOURCES: undefined, SLIPSTREAM_DATA_DIR: path.join(tmp, 'data'), SLIPSTREAM_SETTINGS_DIR: path.join(tmp, 'settings') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Slipstream headless host: (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, stderr: err });
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL; stdout: ${out}; stderr: ${err}`)));
  });
}

describe('slipstream serve from a fresh install', () => {
  it('builds the app on first start, serves the renderer, and does not build again on the next start', async () => {
    const dir = freshCopy();
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);

    const first = await serve(dir);
    expect(first.stderr).toMatch(/building the app/);
    const page = await fetch(first.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/not built/);
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html);
    expect(script, html).not.toBeNull();
    const js = await fetch(new URL(script![1]!, first.url));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    for (const c of running.splice(0)) c.kill('SIGTERM');

    const second = await serve(dir);
    expect(second.stderr).not.toMatch(/building the app/);
    expect((await fetch(second.url)).status).toBe(200);
  }, 170_000);
});
