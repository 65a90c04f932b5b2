/**
 * Runs the real bundled Electron main process (built here with the same esbuild options as
 * scripts/build.mjs) under plain Node with a fake `electron` module, and the real engine bundle
 * as its "utility process". Electron cannot run on CI machines without a display; this checks
 * everything up to the Electron API boundary: wiring, security settings, CSP, IPC validation.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs module without type declarations
import { bundles, copyWasm } from '../../scripts/bundles.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const APP = 'app://slipstream/index.html';
let tmp: string;
let child: ChildProcess;
let seq = 0;

function call(op: string, params: object = {}): Promise<any> {
  const id = ++seq;
  return new Promise((resolve) => {
    const onMsg = (m: any) => {
      if (m?.seq !== id) return;
      child.off('message', onMsg);
      resolve(m.reply);
    };
    child.on('message', onMsg);
    child.send({ op, seq: id, ...params });
  });
}

const invoke = (channel: string, args: unknown[], senderUrl = APP, parent: unknown = null) => call('invoke', { channel, args, senderUrl, parent });

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-electron-'));
  const appRoot = path.join(tmp, 'app');
  const wanted = ['dist/app/electron-main.cjs', 'dist/engine/engine-worker.mjs'];
  for (const { out, ...options } of bundles as Array<{ out: string } & Parameters<typeof build>[0]>) {
    if (!wanted.includes(out)) continue;
    await build({ ...options, absWorkingDir: repoRoot, outfile: path.join(appRoot, out), bundle: true, logLevel: 'error' });
  }
  copyWasm(repoRoot, path.join(appRoot, 'dist/engine'));
  fs.mkdirSync(path.join(appRoot, 'dist/renderer/assets'), { recursive: true });
  fs.writeFileSync(path.join(appRoot, 'dist/renderer/index.html'), '<!doctype html><title>Slipstream</title>');
  fs.writeFileSync(path.join(appRoot, 'dist/renderer/assets/app.js'), 'export {};');
  fs.writeFileSync(path.join(appRoot, 'package.json'), '{"type":"module"}');
  fs.mkdirSync(path.join(appRoot, 'assets/sample'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside');

  child = fork(path.join(appRoot, 'dist/app/electron-main.cjs'), [], {
    execArgv: ['--import', new URL('./test-support/fake-electron.mjs', import.meta.url).href],
    env: { ...process.env, FAKE_APP_PATH: appRoot, FAKE_USER_DATA: path.join(tmp, 'userData') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Wait until the window exists (whenReady ran).
  for (let i = 0; i < 100; i++) {
    const r = await call('invoke', { channel: 'settings:get', args: [], senderUrl: APP }).catch(() => null);
    if (r && !r.thrown) break;
    await new Promise((res) => setTimeout(res, 50));
  }
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill();
    await exited;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Electron main process (bundled, fake electron)', () => {
  it('creates one sandboxed, isolated window on the app:// origin', async () => {
    const s = await call('inspect');
    expect(s.sandboxEnabled).toBe(true);
    expect(s.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(s.webPreferences.preload).toMatch(/dist[\\/]app[\\/]preload\.cjs$/);
    expect(s.url).toBe(APP);
    expect(s.schemes[0]).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
  });

  it('denies new windows, remote navigation, remote requests and permissions', async () => {
    const s = await call('inspect');
    expect(s.windowOpen).toEqual({ action: 'deny' });
    expect(s.navigatePrevented).toEqual({ remote: true, app: false });
    expect(s.requestBlocked).toEqual({ remote: true, app: false });
    expect(s.mediaPermission).toBe(false);
  });

  it('runs the engine in a utility process and relays requests', async () => {
    const s = await call('inspect');
    expect(s.forks[0].modulePath).toMatch(/dist[\\/]engine[\\/]engine-worker\.mjs$/);
    const hello = await invoke('engine:request', ['engine.hello', {}]);
    expect(hello.value).toMatchObject({ kind: 'response', ok: true, result: { host: 'electron', engineThread: 'utility-process' } });
    const bad = await invoke('engine:request', ['market.open', { files: [] }]);
    expect(bad.value).toMatchObject({ ok: false, error: { code: 'validation', field: 'files' } });
  });

  it('refuses IPC from another origin or a subframe', async () => {
    expect((await invoke('engine:request', ['engine.hello', {}], 'https://evil.example/')).thrown).toMatch(/untrusted/);
    expect((await invoke('settings:get', [], APP, {})).thrown).toMatch(/untrusted/);
  });

  it('serves the renderer over app:// with the CSP, and nothing outside it', async () => {
    const index = await call('fetch', { url: APP });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect((await call('fetch', { url: 'app://slipstream/screens/market' })).body).toContain('<title>Slipstream</title>');
    for (const p of ['/..%2f..%2fsecret.txt', '/%2e%2e/%2e%2e/secret.txt']) {
      expect((await call('fetch', { url: `app://slipstream${p}` })).body).not.toContain('outside');
    }
    expect((await call('fetch', { url: 'app://other/index.html' })).status).toBe(404);
  });

  it('validates settings: bad patch names the field and stores nothing', async () => {
    const ok = await invoke('settings:set', [{ theme: 'light' }]);
    expect(ok.value).toMatchObject({ ok: true, settings: { theme: 'light' } });
    const bad = await invoke('settings:set', [{ theme: 'neon', replaySpeed: 2 }]);
    expect(bad.value).toMatchObject({ ok: false, error: { code: 'validation', field: 'theme' } });
    expect((await invoke('settings:get', [])).value).toMatchObject({ theme: 'light', replaySpeed: 1 });
  });

  it('stores FIX sessions with the password sealed by safeStorage, never returned or written in clear', async () => {
    const pw = 'Electron-Pw-9931';
    const session = { name: 'Desk', host: '127.0.0.1', port: 9878, senderCompId: 'A', targetCompId: 'B', heartBtIntSec: 30, resetOnLogon: true };
    const saved = (await invoke('fix-sessions:call', [{ op: 'save', input: { ...session, password: pw } }])).value;
    expect(saved).toMatchObject({ ok: true, state: { sessions: [{ ...session, hasPassword: true }], passwordStore: 'Electron safeStorage (gnome_libsecret)' } });
    expect(JSON.stringify(saved)).not.toContain(pw);
    const file = fs.readFileSync(path.join(tmp, 'userData', 'fix-sessions.json'), 'utf8');
    expect(JSON.parse(file).sessions[0].sealedPassword).toMatch(/^ss1:/);
    expect(file).not.toContain(pw);
    const bad = (await invoke('fix-sessions:call', [{ op: 'save', input: { ...session, name: 'X', port: 0 } }])).value;
    expect(bad).toEqual({ ok: false, error: { code: 'validation', field: 'port', message: 'Invalid FIX session: port must be at least 1' } });
  });

  it('opens the native dialog for pickFiles and has the menu with accelerators', async () => {
    // Before the user picks it, the engine refuses the path without looking at it...
    const before = (await invoke('engine:request', ['market.open', { files: ['/data/a.csv'] }])).value;
    expect(before).toMatchObject({ ok: false, error: { code: 'validation', field: 'files.0', message: expect.stringMatching(/not a file you chose/) } });
    expect((await invoke('dialog:pickFiles', [])).value).toEqual(['/data/a.csv', '/data/b.csv']);
    // ...after the dialog it may open it (here it does not exist: the fake dialog invents paths).
    const after = (await invoke('engine:request', ['market.open', { files: ['/data/a.csv'] }])).value;
    expect(after).toMatchObject({ ok: false, error: { code: 'not-found', field: 'files.0' } });
    const { menu } = await call('inspect');
    const file = menu.find((m: any) => m.label === '&File');
    expect(file.submenu[0]).toMatchObject({ label: 'Open data file…', accelerator: 'CmdOrCtrl+O' });
    const view = menu.find((m: any) => m.label === '&View');
    expect(view.submenu.map((i: any) => i.label)).toContain('Toggle Developer Tools');
  });

  it('grants the model folder chosen in the native folder dialog, and nothing before it', async () => {
    const before = (await invoke('engine:request', ['models.inspect', { path: '/models/chosen' }])).value;
    expect(before).toMatchObject({ ok: false, error: { code: 'validation', field: 'path', message: expect.stringMatching(/not a model folder you chose/) } });
    expect((await invoke('dialog:pickFolder', [])).value).toBe('/models/chosen');
    // Granted: now only its absence stops it (the fake dialog invents paths).
    const after = (await invoke('engine:request', ['models.inspect', { path: '/models/chosen' }])).value;
    expect(after).toMatchObject({ ok: false, error: { code: 'not-found', field: 'path' } });
  });

  it('restarts a utility process that died, tells the window, and answers again', async () => {
    const before = (await invoke('engine:request', ['engine.hello', {}])).value;
    expect(before.ok).toBe(true);
    await call('killEngine');
    let s: any;
    for (let i = 0; i < 200; i++) {
      s = await call('inspect');
      if (s.sent.some((m: any) => m.args[0] === 'engine.restarted')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(s.forks).toHaveLength(2);
    expect(s.forks[1].modulePath).toBe(s.forks[0].modulePath);
    const event = s.sent.find((m: any) => m.channel === 'engine:event' && m.args[0] === 'engine.restarted');
    expect(event.args[1]).toMatchObject({ restarts: 1, reason: expect.stringMatching(/Engine process stopped/) });
    const after = (await invoke('engine:request', ['engine.hello', {}])).value;
    expect(after).toMatchObject({ ok: true, result: { engineThread: 'utility-process' } });
    // Files the user picked before the crash stay granted to the new engine.
    const picked = (await invoke('engine:request', ['market.open', { files: ['/data/b.csv'] }])).value;
    expect(picked).toMatchObject({ ok: false, error: { code: 'not-found' } });
  }, 60_000);

  it('lets the engine dispose and exit before quitting', async () => {
    const quitted = new Promise<any>((r) => child.on('message', (m: any) => m?.quitted && r(m)));
    const exited = new Promise((r) => child.once('exit', r));
    child.send({ op: 'quit', seq: ++seq });
    // The first engine was killed by the test above; the one running at quit exits cleanly.
    expect((await quitted).engineExitCodes).toEqual([null, 0]);
    expect(await exited).toBe(0);
  });
});
