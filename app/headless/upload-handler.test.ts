import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploadHandler, type UploadLimits } from './upload-handler.js';
import { MAX_NAME_BYTES } from './upload-name.js';

const LIMITS: UploadLimits = { maxFileBytes: 10, maxTotalBytes: 25, idleTimeoutMs: 300, totalTimeoutMs: 800 };
let server: http.Server;
let root: string;
let dir: string;
let base: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-upload-'));
  dir = path.join(root, 'uploads');
  const handle = createUploadHandler(dir, LIMITS);
  server = http.createServer((req, res) => void handle(req, res, new URL(req.url!, 'http://x')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file and folder under the uploads folder, relative. */
function tree(): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

/** Posts `chunks` (with `gapMs` between them) without a Content-Length; resolves with status and body. */
function postChunked(query: string, chunks: string[], gapMs = 0): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/api/upload?${query}`, { method: 'POST' }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    void (async () => {
      for (const c of chunks) {
        if (req.destroyed) return;
        req.write(c);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (!req.destroyed) req.end();
    })();
  });
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/** Removes everything uploaded so far (each test starts with an empty quota). */
function clear() {
  fs.rmSync(dir, { recursive: true, force: true });
}

describe('upload handler', () => {
  it('stores a file within the limit', async () => {
    clear();
    const res = await fetch(`${base}/api/upload?name=ok.csv`, { method: 'POST', body: '12345' });
    expect(res.status).toBe(200);
    const { path: p, bytes } = (await res.json()) as { path: string; bytes: number };
    expect(bytes).toBe(5);
    expect(fs.readFileSync(p, 'utf8')).toBe('12345');
    expect(tree().filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('shortens a 200-character multi-byte name to fit the file system, keeping the extension', async () => {
    clear();
    const name = '東京証券取引所の板情報'.repeat(20) + '.csv.gz';
    expect(name.length).toBeGreaterThan(200);
    const res = await fetch(`${base}/api/upload?name=${encodeURIComponent(name)}`, { method: 'POST', body: 'abc' });
    expect(res.status).toBe(200);
    const { path: p } = (await res.json()) as { path: string };
    const stored = path.basename(p);
    expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(stored.endsWith('.csv.gz')).toBe(true);
    expect(stored.startsWith('東京証券取引所の板情報')).toBe(true);
    expect(fs.readFileSync(p, 'utf8')).toBe('abc');
  });

  it('refuses a declared oversize body with 413 before reading it, leaving nothing', async () => {
    clear();
    const res = await fetch(`${base}/api/upload?name=big.csv&batch=b9`, { method: 'POST', body: 'x'.repeat(LIMITS.maxFileBytes + 1) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.message).toBe('File is larger than the 10 bytes upload limit');
    expect(tree()).toEqual([]);
  });

  it('stops a streamed body at the limit and leaves neither file nor folder (batch folders included)', async () => {
    clear();
    expect((await postChunked('name=stream.csv', ['123456', '789012'])).status).toBe(413);
    expect((await postChunked('name=stream.csv&batch=new1', ['123456', '789012'])).status).toBe(413);
    await until(() => tree().length === 0);
    expect(tree()).toEqual([]);
  });

  it('keeps the total of all uploads under the quota (declared and streamed), with a message naming the limit', async () => {
    clear();
    for (const n of ['a', 'b']) expect((await fetch(`${base}/api/upload?name=${n}.csv`, { method: 'POST', body: '0123456789' })).status).toBe(200);
    const before = tree();
    const declared = await fetch(`${base}/api/upload?name=c.csv`, { method: 'POST', body: '0123456789' });
    expect(declared.status).toBe(507);
    expect(((await declared.json()) as any).error.message).toMatch(/^Uploads are limited to 25 bytes in total/);
    expect((await postChunked('name=d.csv', ['0123', '4567', '89'])).status).toBe(507);
    await until(() => tree().length === before.length);
    expect(tree()).toEqual(before);
  });

  it('abandons an upload that stalls (408) and one that trickles past the total time, leaving nothing', async () => {
    clear();
    const stalled = await postChunked('name=slow.csv&batch=s1', ['1', '2'], 1000);
    expect(stalled.status).toBe(408);
    expect(stalled.body.error.message).toMatch(/nothing arrived for 0.3 s/);
    const trickle = await postChunked('name=trickle.csv', ['1', '2', '3', '4', '5', '6', '7', '8', '9'], 150);
    expect(trickle.status).toBe(408);
    expect(trickle.body.error.message).toMatch(/took longer than/);
    await until(() => tree().length === 0);
    expect(tree()).toEqual([]);
  });

  it('cleans up after a client that disconnects mid-upload', async () => {
    clear();
    const req = http.request(`${base}/api/upload?name=gone.csv&batch=g1`, { method: 'POST' });
    req.on('error', () => {});
    req.write('12');
    await until(() => tree().some((f) => f.includes('.partial-')));
    req.destroy();
    await until(() => tree().length === 0);
    expect(tree()).toEqual([]);
  });

  it('puts files of one batch in one folder and refuses a duplicate name', async () => {
    clear();
    const post = (name: string, batch: string) => fetch(`${base}/api/upload?name=${name}&batch=${batch}`, { method: 'POST', body: 'ab' });
    const a = (await (await post('x_message_1.csv', 'b1')).json()) as { path: string };
    const b = (await (await post('x_orderbook_1.csv', 'b1')).json()) as { path: string };
    expect(path.dirname(a.path)).toBe(path.dirname(b.path));
    expect((await post('x_message_1.csv', 'b1')).status).toBe(409);
    expect((await post('x.csv', '../evil')).status).toBe(400);
    expect(tree()).toEqual(['b1', path.join('b1', 'x_message_1.csv'), path.join('b1', 'x_orderbook_1.csv')]);
  });

  it('needs a name and POST', async () => {
    expect((await fetch(`${base}/api/upload`, { method: 'POST', body: 'x' })).status).toBe(400);
    expect((await fetch(`${base}/api/upload?name=a.csv`)).status).toBe(405);
  });

  it('never names a path on the host in an error', async () => {
    // The uploads folder cannot be created (a file is in the way): the error names no path.
    const blocked = path.join(root, 'blocked');
    fs.writeFileSync(blocked, 'x');
    const handle = createUploadHandler(path.join(blocked, 'uploads'), LIMITS);
    const s = http.createServer((req, res) => void handle(req, res, new URL(req.url!, 'http://x')));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/api/upload?name=a.csv`, { method: 'POST', body: 'ab' });
    const body = await res.text();
    expect(res.status).toBe(500);
    expect(body).toMatch(/could not be stored \(ENOTDIR\)/);
    expect(body).not.toContain(root);
    expect(body).not.toContain(os.tmpdir());
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  });
});
