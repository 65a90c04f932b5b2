/**
 * Seeded fuzzing of the relay as Electron's IPC feeds it: already-deserialized values, so besides
 * wrong types and deep nesting there are cycles, Dates, Maps, typed arrays, BigInts, NaN and
 * sparse arrays — things JSON cannot carry but structured clone can. The engine is the real one
 * (in-process). Every message gets exactly one answer and the engine still answers at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../main/contract/index.js';
import { startInProcessEngine } from '../engine/in-process-engine-link.js';
import { EngineRelay } from './engine-relay.js';
import { fuzzRng } from '../test-support/fuzz-rng.js';

const SEED = 7;
const MESSAGES = 2000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slip-relay-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const rng = fuzzRng;
type R = ReturnType<typeof rng>;

function oddValue(r: R, depth = 0): unknown {
  switch (r.int(depth > 2 ? 9 : 12)) {
    case 0: return new Date(r.int(1e12));
    case 1: return new Map([[1, 2]]);
    case 2: return new Uint8Array(r.int(100));
    case 3: return BigInt(r.int(1000));
    case 4: return r.pick([NaN, Infinity, -Infinity, -0, undefined, null]);
    case 5: {
      const sparse: unknown[] = [];
      sparse[r.int(50)] = 1;
      return sparse;
    }
    case 6: {
      const o: Record<string, unknown> = { a: 1 };
      o.self = o; // a cycle
      return o;
    }
    case 7: return Object.assign(Object.create(null), { files: ['/etc/passwd'] });
    case 8: return r.pick(['', 'x'.repeat(r.int(40_000)), '/etc/shadow']);
    case 9: {
      let v: unknown = 1;
      for (let i = 0, n = 30 + r.int(5000); i < n; i++) v = { a: v };
      return v;
    }
    case 10: return Array.from({ length: r.int(4) }, () => oddValue(r, depth + 1));
    default: return { files: [oddValue(r, depth + 1)], speed: oddValue(r, depth + 1), events: oddValue(r, depth + 1) };
  }
}

describe('relay fuzzing with IPC-style values (seeded)', () => {
  it(`answers each of ${MESSAGES} odd messages exactly once, and the engine still answers`, async () => {
    const link = startInProcessEngine({ host: 'in-process', samplesDir: dir, dataDir: dir });
    const relay = new EngineRelay(link);
    const got: ServerMessage[] = [];
    const client = relay.connect({ send: (m) => void got.push(m) });
    const r = rng(SEED);
    const commands = ['engine.hello', 'replay.pause', 'replay.step', 'replay.seek', 'job.cancel', 'market.open', 'whatif.run', 'orders.cancel', 'nope'];
    for (let i = 1; i <= MESSAGES; i++) {
      const msg = r.int(4) === 0 ? oddValue(r) : { kind: 'request', id: i, command: r.pick(commands), args: oddValue(r) };
      expect(() => client.receive(msg)).not.toThrow();
    }
    const responses = () => got.filter((m) => m.kind === 'response');
    for (let i = 0; i < 200 && responses().length < MESSAGES; i++) await new Promise((res) => setTimeout(res, 10));
    expect(responses()).toHaveLength(MESSAGES);
    expect(responses().filter((m) => !m.ok && m.error.code === 'internal')).toEqual([]);
    client.receive({ kind: 'request', id: 1e6, command: 'engine.hello', args: {} });
    for (let i = 0; i < 500 && !got.some((m) => m.kind === 'response' && m.id === 1e6); i++) await new Promise((res) => setTimeout(res, 10));
    expect(got.find((m) => m.kind === 'response' && m.id === 1e6)).toMatchObject({ ok: true });
    await link.close();
  });
});
