import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHeadlessHost } from '../headless/headless-host.js';

const PW = 'pw-Over-HTTP-77';
let tmp = '';
let host: Awaited<ReturnType<typeof startHeadlessHost>>;
const logs: string[] = [];

beforeAll(async () => {
  for (const m of ['log', 'info', 'warn', 'error'] as const) vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logs.push(a.map(String).join(' ')));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fix-sessions-api-'));
  fs.mkdirSync(path.join(tmp, 'r'));
  host = await startHeadlessHost({ port: 0, engineMode: 'in-process', rendererDir: path.join(tmp, 'r'), dataDir: path.join(tmp, 'data'), settingsDir: path.join(tmp, 'settings') });
});
afterAll(async () => {
  await host?.close();
  vi.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const url = (q = '') => `http://127.0.0.1:${host.port}/api/fix-sessions?token=${host.token}${q}`;
const put = (body: unknown) => fetch(url(), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const session = { name: 'Broker A', host: 'fix.example.com', port: 9876, senderCompId: 'ME', targetCompId: 'BROKER', heartBtIntSec: 30, resetOnLogon: false };

describe('headless /api/fix-sessions', () => {
  it('saves, lists without the password, edits, refuses bad input in words, deletes; the password is in no file or log', async () => {
    expect(await (await fetch(`http://127.0.0.1:${host.port}/api/fix-sessions`)).status).toBe(401);
    const saved = await put({ ...session, password: PW });
    expect(saved.status).toBe(200);
    const state = await saved.json();
    expect(state.sessions).toEqual([{ ...session, id: expect.any(String), hasPassword: true }]);
    expect(state.passwordStore).toMatch(/AES-256-GCM key in .*secret\.key/);
    const id = state.sessions[0].id;

    const bad = await put({ ...session, id, port: 65536 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toEqual({ code: 'validation', field: 'port', message: 'Invalid FIX session: port must be at most 65535' });
    const junk = await put(`{"password":"${PW}",`);
    const junkBody = await junk.json();
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junkBody)).not.toContain(PW);

    const listed = await (await fetch(url())).json();
    expect(listed.sessions[0].port).toBe(9876);
    expect(JSON.stringify(listed)).not.toContain(PW);

    const settingsFiles = fs.readdirSync(path.join(tmp, 'settings'), { recursive: true }) as string[];
    for (const f of settingsFiles) {
      const p = path.join(tmp, 'settings', f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).toString('latin1').includes(PW), f).toBe(false);
    }
    expect(logs.join('\n')).not.toContain(PW);

    const del = await fetch(url(`&id=${id}`), { method: 'DELETE' });
    expect((await del.json()).sessions).toEqual([]);
    const missing = await fetch(url('&id=nope'), { method: 'DELETE' });
    expect((await missing.json()).error.field).toBe('id');
  });
});
