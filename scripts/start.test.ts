/**
 * `npm start` (scripts/start.mjs) where Electron cannot run: it must say why in one line, then
 * start the headless host and print its URL with the token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useChildProcesses } from './test-child-processes.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const electronDownloaded = fs.existsSync(path.join(repoRoot, 'node_modules/electron/path.txt'));
const running = useChildProcesses();

/** Starts `node scripts/start.mjs` and resolves with its first two stdout lines. */
function start(env: Record<string, string | undefined>): Promise<{ child: ChildProcess; lines: string[] }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-start-'));
  const { DISPLAY: _d, WAYLAND_DISPLAY: _w, ...base } = process.env;
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'], {
    cwd: repoRoot,
    env: { ...base, SLIPSTREAM_SKIP_BUILD: '1', SLIPSTREAM_DATA_DIR: path.join(tmp, 'data'), SLIPSTREAM_SETTINGS_DIR: path.join(tmp, 'settings'), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const lines = out.split('\n').filter(Boolean);
      if (lines.length >= 2) resolve({ child, lines });
    });
    child.once('exit', (code) => reject(new Error(`start.mjs exited (${code}) early; stdout: ${out}`)));
  });
}

describe('scripts/start.mjs without a display', () => {
  it('says why in one line, prints the URL with the token, serves, and stops on SIGTERM', async () => {
    const { child, lines } = await start({});
    expect(lines[0]).toBe('Electron cannot run here (no display: DISPLAY and WAYLAND_DISPLAY are unset); starting the headless host instead.');
    const m = /^Slipstream headless host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{48}))$/.exec(lines[1]!);
    expect(m, lines[1]).not.toBeNull();
    const [, , port, token] = m!;

    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    await new Promise((r, j) => (ws.on('open', r), ws.on('error', j)));
    ws.send(JSON.stringify({ kind: 'request', id: 1, command: 'engine.hello', args: {} }));
    const res = await new Promise<any>((r) => ws.on('message', (d) => r(JSON.parse(String(d)))));
    expect(res.result).toMatchObject({ host: 'headless', engineThread: 'worker-thread' });
    ws.close();

    const code = new Promise((r) => child.once('exit', (c) => r(c)));
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  });

  it.skipIf(electronDownloaded)('with a display but no Electron binary, says the binary is missing (and never downloads it)', async () => {
    const { lines } = await start({ DISPLAY: ':99' });
    expect(lines[0]).toMatch(/^Electron cannot run here \(its binary is not downloaded: .*\); starting the headless host instead\.$/);
    expect(lines[1]).toMatch(/^Slipstream headless host: http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    expect(fs.existsSync(path.join(repoRoot, 'node_modules/electron/path.txt'))).toBe(false);
  });
});
