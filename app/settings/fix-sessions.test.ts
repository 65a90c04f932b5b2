import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FixDecoder, type FixMessage } from '../../main/live/fix/fix-codec.js';
import { FileSessionStore } from '../../main/live/fix/session-store-file.js';
import { FixGateway } from '../../main/live/fix-gateway.js';
import { PaperVenue } from '../../main/live/paper-venue.js';
import { Scheduler } from '../../main/kernel/scheduler.js';
import { FIX_SESSIONS_FILE, FixSessionStore } from './fix-sessions.js';
import { openFileKeyBox } from './secret-box.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'fix-sessions-'));
const PW = 'hunter2-Zq9!xv';
const base = { name: 'Paper', host: '127.0.0.1', port: 9878, senderCompId: 'CLI', targetCompId: 'VEN', heartBtIntSec: 30, resetOnLogon: true };

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
  vi.restoreAllMocks();
});

/** Every file under `dir`, as latin1 text (binary-safe grep). */
function allText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => fs.readFileSync(path.join(d.parentPath, d.name)).toString('latin1'))
    .join('\n');
}

describe('FixSessionStore', () => {
  it('stores sessions with the password sealed; the view never carries it; forStart opens it', () => {
    const dir = tmp();
    const store = new FixSessionStore(dir, openFileKeyBox(dir));
    const r = store.save({ ...base, password: PW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.sessions).toEqual([{ ...base, id: r.id, hasPassword: true }]);
    expect(JSON.stringify(r.state)).not.toContain(PW);
    expect(allText(dir)).not.toContain(PW);
    const file = JSON.parse(fs.readFileSync(path.join(dir, FIX_SESSIONS_FILE), 'utf8'));
    expect(file.sessions[0].sealedPassword).toMatch(/^fk1:/);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, FIX_SESSIONS_FILE)).mode & 0o777).toBe(0o600);
    expect(store.forStart(r.id)).toEqual({ ...base, id: r.id, password: PW });

    // Edit without a password keeps it; null removes it.
    const e = store.save({ ...base, id: r.id, port: 9999 });
    expect(e.ok && e.state.sessions[0]).toMatchObject({ port: 9999, hasPassword: true });
    expect(store.forStart(r.id).password).toBe(PW);
    store.save({ ...base, id: r.id, password: null });
    expect(store.forStart(r.id).password).toBeUndefined();
    expect(store.delete(r.id).ok).toBe(true);
    expect(store.list().sessions).toEqual([]);
  });

  it('rejects bad input naming the field and the limit, storing nothing', () => {
    const dir = tmp();
    const store = new FixSessionStore(dir, openFileKeyBox(dir));
    const ok = store.save({ ...base, password: PW });
    const before = fs.readFileSync(path.join(dir, FIX_SESSIONS_FILE), 'utf8');
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ ...base, name: 'B', port: 70000 }, 'port', /port must be at most 65535/],
      [{ ...base, name: 'B', port: 0 }, 'port', /port must be at least 1/],
      [{ ...base, name: 'B', heartBtIntSec: 0 }, 'heartBtIntSec', /at least 1 second/],
      [{ ...base, name: 'B', heartBtIntSec: 3601 }, 'heartBtIntSec', /at most 3600 seconds/],
      [{ ...base, name: 'B', senderCompId: '' }, 'senderCompId', /senderCompId is required/],
      [{ ...base, name: 'B', targetCompId: 'A\x01B' }, 'targetCompId', /printable ASCII/],
      [{ ...base, name: 'B', host: 'a b' }, 'host', /host name or an IP address/],
      [{ ...base, name: 'B', password: 'x'.repeat(129) }, 'password', /at most 128 characters/],
      [{ ...base, name: 'B', password: 'ab\x01' + PW }, 'password', /printable ASCII/],
      [{ ...base, name: 'B', extra: 1 }, 'extra', /unknown field extra/],
      [{ ...base }, 'name', /already used/],
      [{ ...base, name: 'B', id: 'nope' }, 'id', /no session with id nope/],
    ];
    for (const [input, field, msg] of cases) {
      const r = store.save(input);
      expect(r.ok, field).toBe(false);
      if (r.ok) continue;
      expect(r.field).toBe(field);
      expect(r.message).toMatch(msg);
      expect(r.message).not.toContain(PW);
    }
    expect(fs.readFileSync(path.join(dir, FIX_SESSIONS_FILE), 'utf8')).toBe(before);
    expect(ok.ok).toBe(true);
  });

  it('a damaged sessions file is named with its field and left untouched (nothing lost)', () => {
    const dir = tmp();
    const file = path.join(dir, FIX_SESSIONS_FILE);
    fs.writeFileSync(file, '{"version":1,"sessions":[{"id":"a","port":"x"}]}');
    const store = new FixSessionStore(dir, openFileKeyBox(dir));
    expect(() => store.list()).toThrow(/fix-sessions\.json: field sessions\.0\.name: .*left as it is/);
    expect(() => store.save({ ...base })).toThrow(/left as it is/);
    fs.writeFileSync(file, '{not json');
    expect(() => store.list()).toThrow(/fix-sessions\.json is not valid JSON/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{not json');
  });

  it('a password that cannot be opened (key replaced) is a clear error naming the session, not the password', () => {
    const dir = tmp();
    const store = new FixSessionStore(dir, openFileKeyBox(dir));
    const r = store.save({ ...base, password: PW });
    if (!r.ok) throw new Error(r.message);
    fs.rmSync(path.join(dir, 'secret.key'));
    const fresh = new FixSessionStore(dir, openFileKeyBox(dir));
    expect(() => fresh.forStart(r.id)).toThrow(/FIX session "Paper": Stored password cannot be decrypted/);
    // The session itself is still listed, so the user can enter the password again.
    expect(fresh.list().sessions[0]).toMatchObject({ name: 'Paper', hasPassword: true });
  });
});

describe('the password from settings to the wire', () => {
  it('goes out as Logon 554 and nowhere else: not in settings, session store, audit or logs after saving and connecting', async () => {
    const logs: string[] = [];
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logs.push(a.map(String).join(' ')));

    // A minimal acceptor that records the Logon it receives and answers it.
    const got: FixMessage[] = [];
    const server = net.createServer((sock) => {
      const dec = new FixDecoder();
      sock.on('data', (d) => {
        for (const r of dec.push(d)) {
          if (!r.ok) continue;
          got.push(r.msg);
          if (r.msg.msgType === 'A') sock.write(logonReply());
        }
      });
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    cleanup.push(() => new Promise((res) => server.close(res)));
    const port = (server.address() as net.AddressInfo).port;

    const settingsDir = tmp();
    const store = new FixSessionStore(settingsDir, openFileKeyBox(settingsDir));
    const saved = store.save({ ...base, port, username: 'trader1', password: PW });
    if (!saved.ok) throw new Error(saved.message);

    const runDir = tmp();
    const audit: string[] = [];
    const session = store.forStart(saved.id);
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 1, durationSec: 60, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI' });
    const gw = new FixGateway({
      ...session,
      store: new FileSessionStore(path.join(runDir, 'session.log')),
      audit: { append: (kind, data) => audit.push(JSON.stringify({ kind, data })) },
      instrument: venue.instrument,
      book: venue.sim.venue.book,
      scheduler: new Scheduler(),
      onSessionEvent: (e) => console.log('session', JSON.stringify(e)),
    });
    await gw.connect();
    await gw.disconnect(500).catch(() => undefined);

    const logon = got.find((m) => m.msgType === 'A')!;
    expect(logon.get(554)).toBe(PW);
    expect(logon.get(553)).toBe('trader1');
    expect(audit.some((a) => a.includes('"logon"'))).toBe(true);
    expect(logs.some((l) => l.includes('logon'))).toBe(true);
    for (const [what, text] of [['settings folder', allText(settingsDir)], ['session store', allText(runDir)], ['audit', audit.join('\n')], ['logs', logs.join('\n')]] as const) {
      expect(text.includes(PW), what).toBe(false);
    }
  });
});

function logonReply(): string {
  // Built by hand (not with our codec) so the test does not lean on the code under test for the reply.
  const body = `35=A\x0134=1\x0149=VEN\x0152=20261203-10:00:00.000\x0156=CLI\x0198=0\x01108=30\x01141=Y\x01`;
  const head = `8=FIX.4.4\x019=${body.length}\x01`;
  let sum = 0;
  for (const c of Buffer.from(head + body, 'latin1')) sum += c;
  return `${head}${body}10=${String(sum % 256).padStart(3, '0')}\x01`;
}
