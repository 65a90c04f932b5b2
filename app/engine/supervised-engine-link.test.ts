import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Request, ServerMessage } from '../../main/contract/index.js';
import type { EngineLink } from './engine-link.js';
import { superviseEngine, type EngineRestart } from './supervised-engine-link.js';
import { startWorkerEngine } from './worker-engine-link.js';

/** Engines the test kills by hand. */
function fakeEngines() {
  const engines: Array<{ posted: Request[]; granted: string[]; die(reason: string): void; say(m: ServerMessage): void; closed: boolean }> = [];
  const start = (): EngineLink => {
    let exit: (r: string) => void = () => {};
    let msg: (m: ServerMessage) => void = () => {};
    const e = { posted: [] as Request[], granted: [] as string[], die: (r: string) => exit(r), say: (m: ServerMessage) => msg(m), closed: false };
    engines.push(e);
    return { post: (m) => void e.posted.push(m), grantFiles: (f) => void e.granted.push(...f), onMessage: (l) => void (msg = l), onExit: (l) => void (exit = l), close: async () => void (e.closed = true) };
  };
  return { engines, start };
}

const hello = (id: number): Request => ({ kind: 'request', id, command: 'engine.hello', args: {} });

describe('superviseEngine', () => {
  it('starts a new engine when one dies, reports it, and posts to the new one', () => {
    const f = fakeEngines();
    const link = superviseEngine(f.start);
    const restarts: EngineRestart[] = [];
    const got: ServerMessage[] = [];
    link.onRestart((r) => restarts.push(r));
    link.onMessage((m) => got.push(m));
    f.engines[0]!.die('Engine crashed: x');
    expect(f.engines).toHaveLength(2);
    expect(restarts).toEqual([{ reason: 'Engine crashed: x', restarts: 1 }]);
    link.post(hello(1));
    expect(f.engines[1]!.posted).toEqual([hello(1)]);
    // Anything the dead engine still says is dropped; the live one is heard.
    f.engines[0]!.say({ kind: 'response', id: 9, ok: true, result: 'ghost' });
    f.engines[1]!.say({ kind: 'response', id: 1, ok: true, result: 'live' });
    expect(got).toEqual([{ kind: 'response', id: 1, ok: true, result: 'live' }]);
  });

  it('gives up on a crash loop (more than maxRestarts deaths in the window) with onExit, once', () => {
    const f = fakeEngines();
    let t = 0;
    const link = superviseEngine(f.start, { maxRestarts: 2, windowMs: 1000, now: () => t });
    const exits: string[] = [];
    link.onExit((r) => exits.push(r));
    link.onRestart(() => {});
    f.engines[0]!.die('a');
    t = 2000; // outside the window: the first death no longer counts
    f.engines[1]!.die('b');
    f.engines[2]!.die('c');
    expect(exits).toEqual([]);
    f.engines[3]!.die('d');
    expect(exits).toEqual([expect.stringMatching(/^d — the engine stopped 3 times within 1 s/)]);
    expect(f.engines).toHaveLength(4);
    expect(link.restarts).toBe(3);
  });

  it('grants the files the user picked to every engine it starts', () => {
    const f = fakeEngines();
    const link = superviseEngine(f.start);
    link.onRestart(() => {});
    link.grantFiles(['/home/u/a.csv']);
    link.grantFiles(['/home/u/b.csv']);
    f.engines[0]!.die('x');
    expect(f.engines[0]!.granted).toEqual(['/home/u/a.csv', '/home/u/b.csv']);
    expect(f.engines[1]!.granted).toEqual(['/home/u/a.csv', '/home/u/b.csv']);
  });

  it('does not restart after close()', async () => {
    const f = fakeEngines();
    const link = superviseEngine(f.start);
    await link.close();
    expect(f.engines[0]!.closed).toBe(true);
    f.engines[0]!.die('stopped');
    expect(f.engines).toHaveLength(1);
  });
});

describe('superviseEngine with the real engine worker', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-supervise-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a killed worker is replaced by a fresh engine that answers (stored orders still readable)', async () => {
    const link = superviseEngine(() => startWorkerEngine({ host: 'headless', samplesDir: dir, dataDir: dir }));
    const waiting = new Map<number, (m: ServerMessage) => void>();
    link.onMessage((m) => m.kind === 'response' && waiting.get(m.id)?.(m));
    const ask = (id: number, command: string) =>
      new Promise<any>((resolve) => {
        waiting.set(id, resolve);
        link.post({ kind: 'request', id, command, args: {} });
      });
    const first = await ask(1, 'engine.hello');
    expect(first.ok).toBe(true);
    expect((await ask(2, 'orders.list')).ok).toBe(true);
    const restarted = new Promise<EngineRestart>((r) => link.onRestart(r));
    link.kill();
    expect(await restarted).toMatchObject({ restarts: 1, reason: expect.stringMatching(/exit code 1/) });
    const second = await ask(3, 'engine.hello');
    expect(second.ok).toBe(true);
    expect(second.result.startedAtMs).toBeGreaterThanOrEqual(first.result.startedAtMs);
    const orders = await ask(4, 'orders.list');
    expect(orders.ok, JSON.stringify(orders.error)).toBe(true);
    await link.close();
  }, 60_000);
});
