import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHeadlessHost, type HeadlessHost } from './headless-host.js';

let host: HeadlessHost;
let tmp: string;
let base: string;

/** Opens a socket and collects its messages; rejects with the HTTP status if the upgrade is refused. */
function connect(url: string): Promise<{ ws: WebSocket; next(): Promise<any> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const queue: any[] = [];
    const waiters: Array<(m: any) => void> = [];
    ws.on('message', (d) => {
      const msg = JSON.parse(String(d));
      const w = waiters.shift();
      if (w) w(msg);
      else queue.push(msg);
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({ ws, next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))) }),
    );
  });
}

function wsUrl(token: string | null): string {
  return `ws://127.0.0.1:${host.port}/ws` + (token === null ? '' : `?token=${token}`);
}

function rawGet(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    // http.get sends the path as-is, so traversal attempts are not normalized away client-side.
    const req = http.get({ host: '127.0.0.1', port: host.port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-host-'));
  const rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Slipstream</title><script type="module" src="./assets/app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside the renderer');
  host = await startHeadlessHost({
    port: 0,
    engineMode: 'worker',
    rendererDir,
    dataDir: path.join(tmp, 'data'),
    settingsDir: path.join(tmp, 'settings'),
  });
  base = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('headless host: WebSocket', () => {
  it('answers engine.hello from a real worker thread when the token is right', async () => {
    const { ws, next } = await connect(wsUrl(host.token));
    ws.send(JSON.stringify({ kind: 'request', id: 1, command: 'engine.hello', args: {} }));
    const res = await next();
    expect(res).toMatchObject({ kind: 'response', id: 1, ok: true, result: { host: 'headless', engineThread: 'worker-thread' } });
    ws.close();
  });

  it('refuses an upgrade without a token or with a wrong one', async () => {
    await expect(connect(wsUrl(null))).rejects.toThrow('HTTP 401');
    await expect(connect(wsUrl('0'.repeat(48)))).rejects.toThrow('HTTP 401');
    await expect(connect(wsUrl(host.token.slice(0, -1)))).rejects.toThrow('HTTP 401');
  });

  it('refuses a cross-site page (foreign Origin) even with the token', async () => {
    const ws = new WebSocket(wsUrl(host.token), { origin: 'https://evil.example' });
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_q, res) => resolve(res.statusCode!)));
    expect(status).toBe(403);
  });

  it('accepts only its own origin: another port on localhost is refused (403), its own page is served', async () => {
    for (const origin of ['http://localhost:5173', `http://127.0.0.1:${host.port + 1}`, `https://127.0.0.1:${host.port}`]) {
      const ws = new WebSocket(wsUrl(host.token), { origin });
      const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_q, res) => resolve(res.statusCode!)));
      expect(status, origin).toBe(403);
    }
    const own = new WebSocket(wsUrl(host.token), { origin: `http://127.0.0.1:${host.port}` });
    await new Promise((resolve, reject) => (own.on('open', resolve), own.on('unexpected-response', reject)));
    own.close();
  });

  it('answers invalid JSON with an error and keeps the connection and engine alive', async () => {
    const { ws, next } = await connect(wsUrl(host.token));
    ws.send('{not json');
    expect(await next()).toMatchObject({ kind: 'response', id: -1, ok: false, error: { code: 'validation' } });
    ws.send(JSON.stringify({ kind: 'nonsense' }));
    expect(await next()).toMatchObject({ ok: false, error: { code: 'validation', field: 'kind' } });
    ws.send(JSON.stringify({ kind: 'request', id: 2, command: 'engine.hello', args: {} }));
    expect(await next()).toMatchObject({ id: 2, ok: true });
    ws.close();
  });

  it('names the offending field for invalid arguments and unknown commands', async () => {
    const { ws, next } = await connect(wsUrl(host.token));
    ws.send(JSON.stringify({ kind: 'request', id: 3, command: 'market.open', args: { files: [] } }));
    const res = await next();
    expect(res).toMatchObject({ id: 3, ok: false, error: { code: 'validation', field: 'files' } });
    expect(res.error.message).toContain('files');
    ws.send(JSON.stringify({ kind: 'request', id: 4, command: 'market.explode', args: {} }));
    expect(await next()).toMatchObject({ id: 4, ok: false, error: { field: 'command' } });
    ws.close();
  });

  it('routes each response to the client that asked, even when clients reuse ids', async () => {
    const a = await connect(wsUrl(host.token));
    const b = await connect(wsUrl(host.token));
    a.ws.send(JSON.stringify({ kind: 'request', id: 1, command: 'engine.hello', args: {} }));
    b.ws.send(JSON.stringify({ kind: 'request', id: 1, command: 'market.open', args: { files: [] } }));
    expect(await a.next()).toMatchObject({ id: 1, ok: true });
    expect(await b.next()).toMatchObject({ id: 1, ok: false });
    a.ws.close();
    b.ws.close();
  });
});

describe('headless host: engine restart', () => {
  it('restarts a dead engine worker: the request in flight fails clearly, clients are told, the next request is answered', async () => {
    const { ws, next } = await connect(wsUrl(host.token));
    ws.send(JSON.stringify({ kind: 'request', id: 1, command: 'engine.hello', args: {} }));
    const first = await next();
    // A long what-if, certainly in flight once its first progress event arrives.
    const order = { side: 'buy', quantity: 5000, algorithm: 'twap', startSec: 0, horizonSec: 6 * 3600, slices: 100 };
    ws.send(JSON.stringify({ kind: 'request', id: 2, command: 'whatif.run', args: { source: { kind: 'scenario', name: 'calm', durationSec: 6.5 * 3600 }, order, seed: 1 } }));
    let m = await next();
    while (!(m.kind === 'event' && m.name === 'job.progress')) m = await next();
    host.killEngine();
    const got: any[] = [];
    while (got.length < 2) {
      m = await next();
      if (m.kind === 'response' || m.name === 'engine.restarted') got.push(m);
    }
    expect(got).toEqual([
      { kind: 'response', id: 2, ok: false, error: { code: 'internal', message: expect.stringMatching(/^The engine stopped \(.+\) and was restarted; this request was lost, please run it again$/) } },
      { kind: 'event', name: 'engine.restarted', payload: { reason: expect.any(String), restarts: 1, failedRequests: 1 } },
    ]);
    ws.send(JSON.stringify({ kind: 'request', id: 3, command: 'engine.hello', args: {} }));
    m = await next();
    while (m.kind !== 'response' || m.id !== 3) m = await next();
    expect(m).toMatchObject({ ok: true, result: { engineThread: 'worker-thread' } });
    expect(m.result.startedAtMs).toBeGreaterThanOrEqual(first.result.startedAtMs);
    ws.close();
  });
});

describe('headless host: HTTP', () => {
  it('binds to 127.0.0.1 only', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const err = await fetch(`http://${external.address}:${host.port}/`).then(
        () => null,
        (e: Error & { cause?: { code?: string } }) => e.cause?.code,
      );
      expect(err).toBe('ECONNREFUSED');
    }
  });

  it('serves the renderer with a strict CSP, SPA fallback and correct content types', async () => {
    const index = await rawGet('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain("default-src 'none'");
    expect(index.headers['content-security-policy']).toContain(`ws://127.0.0.1:${host.port}`);
    const js = await rawGet('/assets/app.js');
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await rawGet('/market/replay')).body).toContain('<title>Slipstream</title>');
    expect((await rawGet('/assets/missing.js')).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..\\secret.txt', '/%00']) {
      const res = await rawGet(p);
      expect(res.body, p).not.toContain('outside the renderer');
    }
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    expect((await rawGet('/', { Host: 'evil.example' })).status).toBe(421);
  });

  it('refuses the API without the token', async () => {
    expect((await fetch(`${base}/api/settings`)).status).toBe(401);
    expect((await fetch(`${base}/api/settings?token=nope`)).status).toBe(401);
  });

  it('writes an upload under dataDir/uploads and returns its absolute path', async () => {
    const bytes = 'time,type\n1,2\n';
    const res = await fetch(`${base}/api/upload?token=${host.token}&name=${encodeURIComponent('../../evil name.csv')}`, { method: 'POST', body: bytes });
    expect(res.status).toBe(200);
    const { path: saved } = (await res.json()) as { path: string };
    expect(path.isAbsolute(saved)).toBe(true);
    expect(saved.startsWith(path.join(tmp, 'data', 'uploads') + path.sep)).toBe(true);
    expect(path.basename(saved)).toBe('evil name.csv');
    expect(fs.readFileSync(saved, 'utf8')).toBe(bytes);
  });

  it('opens an upload over the WebSocket, and refuses a path the user did not choose', async () => {
    const bars = 'timestamp,open,high,low,close,volume\n2024-01-02T14:30:00Z,10,11,9,10.5,100\n';
    const up = await fetch(`${base}/api/upload?token=${host.token}&name=day_bars.csv`, { method: 'POST', body: bars });
    const { path: saved } = (await up.json()) as { path: string };
    const { ws, next } = await connect(wsUrl(host.token));
    const answer = async (id: number) => {
      let m = await next();
      while (m.kind !== 'response' || m.id !== id) m = await next();
      return m;
    };
    ws.send(JSON.stringify({ kind: 'request', id: 1, command: 'market.open', args: { files: [saved] } }));
    expect(await answer(1)).toMatchObject({ ok: true, result: { format: 'bars' } });
    ws.send(JSON.stringify({ kind: 'request', id: 2, command: 'market.open', args: { files: ['/etc/passwd'], format: 'bars' } }));
    const refused = await answer(2);
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation', field: 'files.0' } });
    expect(refused.error.message).not.toContain('root');
    ws.close();
  });

  it('stores an upload with a 200-character multi-byte name (the reported ENAMETOOLONG)', async () => {
    const name = 'データ'.repeat(67) + '.csv';
    const res = await fetch(`${base}/api/upload?token=${host.token}&name=${encodeURIComponent(name)}`, { method: 'POST', body: 'a,b\n' });
    expect(res.status).toBe(200);
    const { path: saved } = (await res.json()) as { path: string };
    expect(path.basename(saved)).toMatch(/^(データ)+デ?ー?\.csv$/);
    expect(fs.readFileSync(saved, 'utf8')).toBe('a,b\n');
  });

  it('refuses an upload without the token and writes nothing', async () => {
    const before = fs.existsSync(path.join(tmp, 'data', 'uploads')) ? fs.readdirSync(path.join(tmp, 'data', 'uploads')).length : 0;
    const res = await fetch(`${base}/api/upload?name=x.csv`, { method: 'POST', body: 'data' });
    expect(res.status).toBe(401);
    const after = fs.existsSync(path.join(tmp, 'data', 'uploads')) ? fs.readdirSync(path.join(tmp, 'data', 'uploads')).length : 0;
    expect(after).toBe(before);
  });

  it('validates settings: a good PUT merges, a bad PUT is a 400 naming the field and changes nothing', async () => {
    const url = `${base}/api/settings?token=${host.token}`;
    const put = (body: string) => fetch(url, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
    expect(await (await fetch(url)).json()).toMatchObject({ theme: 'dark', replaySpeed: 1 });

    const ok = await put(JSON.stringify({ theme: 'light', panelSizes: { 'market.book': 320 } }));
    expect(ok.status).toBe(200);
    const stored = await ok.json();
    expect(stored).toMatchObject({ theme: 'light', panelSizes: { 'market.book': 320 }, replaySpeed: 1 });

    const bad = [
      [JSON.stringify({ theme: 'blue', replaySpeed: 5 }), 'theme'],
      [JSON.stringify({ panelSizes: { left: -3 } }), 'panelSizes.left'],
      [JSON.stringify({ colour: 'red' }), 'colour'],
      [JSON.stringify({ replaySpeed: 0 }), 'replaySpeed'],
      ['{oops', 'body'],
      [`{"gridColumnStates":{"g":[{"colId":"a","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}]}}`, 'body'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await put(body);
      expect(res.status, body.slice(0, 80)).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field, body.slice(0, 80)).toBe(field);
    }
    expect(await (await fetch(url)).json()).toEqual(stored);
    const onDisk = JSON.parse(fs.readFileSync(path.join(tmp, 'settings', 'config.json'), 'utf8'));
    expect(onDisk).toMatchObject({ theme: 'light', replaySpeed: 1 });
  });
});

describe('headless host: lifecycle', () => {
  it('runs the engine in-process when asked, and closes cleanly', async () => {
    const folder = path.join(tmp, 'my-data');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'b_bars.csv'), 'timestamp,open,high,low,close,volume\n2024-01-02T14:30:00Z,10,11,9,10.5,100\n');
    const h = await startHeadlessHost({ port: 0, engineMode: 'in-process', rendererDir: tmp, dataDir: path.join(tmp, 'd2'), settingsDir: path.join(tmp, 's2'), dataFolders: [folder] });
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`);
    await new Promise((r) => ws.on('open', r));
    const responses: any[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.kind === 'response') responses.push(m);
    });
    const ask = async (id: number, command: string, args: unknown) => {
      ws.send(JSON.stringify({ kind: 'request', id, command, args }));
      while (!responses.some((m) => m.id === id)) await new Promise((r) => setTimeout(r, 10));
      return responses.find((m) => m.id === id);
    };
    expect((await ask(9, 'engine.hello', {})).result.engineThread).toBe('in-process');
    // A configured data folder: its files open by path.
    expect(await ask(10, 'market.open', { files: [path.join(folder, 'b_bars.csv')] })).toMatchObject({ ok: true, result: { format: 'bars' } });
    const closedByHost = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    await h.close();
    expect(await closedByHost).toBe(1001);
    await expect(fetch(`http://127.0.0.1:${h.port}/`)).rejects.toThrow();
  });
});
