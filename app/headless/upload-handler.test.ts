import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleUpload } from './upload-handler.js';

const LIMIT = 10;
let server: http.Server;
let dir: string;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-upload-'));
  server = http.createServer((req, res) => void handleUpload(req, res, new URL(req.url!, 'http://x'), dir, LIMIT));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Posts `chunks` without a Content-Length (chunked), like a streamed browser upload. */
function postChunked(name: string, chunks: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/api/upload?name=${name}`, { method: 'POST' }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('upload handler', () => {
  it('stores a file within the limit', async () => {
    const res = await fetch(`${base}/api/upload?name=ok.csv`, { method: 'POST', body: '12345' });
    expect(res.status).toBe(200);
    const { path: p, bytes } = (await res.json()) as { path: string; bytes: number };
    expect(bytes).toBe(5);
    expect(fs.readFileSync(p, 'utf8')).toBe('12345');
  });

  it('refuses a declared oversize body with 413 before reading it', async () => {
    const before = fs.readdirSync(dir).length;
    const res = await fetch(`${base}/api/upload?name=big.csv`, { method: 'POST', body: 'x'.repeat(LIMIT + 1) });
    expect(res.status).toBe(413);
    expect(fs.readdirSync(dir).length).toBe(before);
  });

  it('stops a streamed body at the limit and leaves nothing behind', async () => {
    const before = fs.readdirSync(dir).length;
    expect(await postChunked('stream.csv', ['123456', '789012'])).toBe(413);
    expect(fs.readdirSync(dir).length).toBe(before);
  });

  it('puts files of one batch in one folder and refuses a duplicate name', async () => {
    const post = (name: string, batch: string) => fetch(`${base}/api/upload?name=${name}&batch=${batch}`, { method: 'POST', body: 'ab' });
    const a = (await (await post('x_message_1.csv', 'b1')).json()) as { path: string };
    const b = (await (await post('x_orderbook_1.csv', 'b1')).json()) as { path: string };
    expect(path.dirname(a.path)).toBe(path.dirname(b.path));
    expect((await post('x_message_1.csv', 'b1')).status).toBe(409);
    expect((await post('x.csv', '../evil')).status).toBe(400);
  });

  it('needs a name and POST', async () => {
    expect((await fetch(`${base}/api/upload`, { method: 'POST', body: 'x' })).status).toBe(400);
    expect((await fetch(`${base}/api/upload?name=a.csv`)).status).toBe(405);
  });
});
