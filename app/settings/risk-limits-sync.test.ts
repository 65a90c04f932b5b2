import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Request, ServerMessage } from '../../main/contract/index.js';
import { Engine } from '../../main/host/engine.js';
import type { EngineLink } from '../engine/engine-link.js';
import type { EngineRestart } from '../engine/supervised-engine-link.js';
import { EngineRelay } from '../relay/engine-relay.js';
import { createPromiseClient } from '../relay/promise-client.js';
import { syncRiskLimits } from './risk-limits-sync.js';
import { SettingsService, type ConfLike } from './settings-service.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'risk-sync-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A store that serializes like conf, so what is kept is what a file would hold. */
function jsonStore(initial: Record<string, unknown> = {}): ConfLike & { text: string } {
  const s = {
    text: JSON.stringify(initial),
    get store() {
      return JSON.parse(s.text) as Record<string, unknown>;
    },
    set(object: Record<string, unknown>) {
      s.text = JSON.stringify({ ...s.store, ...object });
    },
  };
  return s;
}

/** Real engines behind a link that can "restart" (a fresh engine, as the supervisor does after a crash). */
function restartableLink(dir: string) {
  let onMessage: (m: ServerMessage) => void = () => {};
  let onRestart: (i: EngineRestart) => void = () => {};
  const make = () => new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir: dir }, (m) => queueMicrotask(() => onMessage(structuredClone(m))));
  let engine = make();
  let restarts = 0;
  const link: EngineLink & { onRestart(l: (i: EngineRestart) => void): void } = {
    post: (msg: Request) => engine.handle(structuredClone(msg)),
    grantFiles: () => {},
    onMessage: (l) => void (onMessage = l),
    onExit: () => {},
    onRestart: (l) => void (onRestart = l),
    async close() {
      engine.dispose();
    },
  };
  return {
    link,
    restart() {
      engine.dispose();
      engine = make();
      onRestart({ reason: 'test crash', restarts: ++restarts });
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('risk limits: settings ⇄ engine', () => {
  it('pushes the stored limits at start, after a restart and on a settings write; stores a client\'s risk.setLimits; re-arms the kill switch after a restart', async () => {
    const stored = { maxOrderQty: 1_000, priceCollarBps: 50 };
    const settings = new SettingsService(jsonStore({ riskLimits: stored }));
    const { link, restart } = restartableLink(join(root, 'a'));
    const relay = new EngineRelay(link);
    const sync = syncRiskLimits((onEvent) => createPromiseClient(relay, onEvent), settings, (m) => { throw new Error(m); });
    const ui = createPromiseClient(relay, () => {});
    const limitsNow = async () => {
      const r = await ui.request('risk.getLimits', {});
      return r.ok ? r.result : r.error;
    };
    await settle();
    expect(await limitsNow()).toEqual(stored);

    // A client replaces the limits in the engine: the settings keep them.
    const next = { maxOrderQty: 500, maxOpenOrders: 3 };
    expect((await ui.request('risk.setLimits', { limits: next })).ok).toBe(true);
    await settle();
    expect(settings.get().riskLimits).toEqual(next);

    // A settings write (PUT /api/settings, Electron IPC) reaches the engine.
    expect(settings.update({ riskLimits: { maxPosition: 10 } }).ok).toBe(true);
    await settle();
    expect(await limitsNow()).toEqual({ maxPosition: 10 });

    // An invalid write is refused naming the field and the limit; nothing stored is lost, the engine keeps its limits.
    const bad = settings.update({ riskLimits: { maxPosition: -1 } });
    expect(bad).toEqual({ ok: false, field: 'riskLimits.maxPosition', message: 'Invalid setting riskLimits.maxPosition: must be 0 or more (max position)' });
    expect(settings.update({ riskLimits: { maxPositon: 5 } })).toMatchObject({ ok: false, field: 'riskLimits.maxPositon' });
    await settle();
    expect(settings.get().riskLimits).toEqual({ maxPosition: 10 });
    expect(await limitsNow()).toEqual({ maxPosition: 10 });

    // The kill switch is on when the engine dies: the new engine gets the stored limits and the switch on.
    expect((await ui.request('risk.setKillSwitch', { scope: 'global', on: true })).ok).toBe(true);
    await settle();
    restart();
    await settle();
    expect(await limitsNow()).toEqual({ maxPosition: 10 });
    const ks = await ui.request('risk.getKillSwitch', {});
    expect(ks.ok && ks.result).toEqual({ global: true, agents: [] });

    // Turned off on purpose, it stays off through the next restart.
    await ui.request('risk.setKillSwitch', { scope: 'global', on: false });
    await settle();
    restart();
    await settle();
    const ks2 = await ui.request('risk.getKillSwitch', {});
    expect(ks2.ok && ks2.result).toEqual({ global: false, agents: [] });
    sync.close();
    ui.close();
    await link.close();
  });

  it('pushes nothing when no limits are stored (the engine keeps its defaults)', async () => {
    const settings = new SettingsService(jsonStore());
    const { link } = restartableLink(join(root, 'b'));
    const relay = new EngineRelay(link);
    const sync = syncRiskLimits((onEvent) => createPromiseClient(relay, onEvent), settings);
    const ui = createPromiseClient(relay, () => {});
    await settle();
    const r = await ui.request('risk.getLimits', {});
    expect(r.ok && r.result).toMatchObject({ maxOrderQty: 100_000, maxOpenOrders: 200 });
    expect(settings.get().riskLimits).toBeUndefined();
    sync.close();
    ui.close();
    await link.close();
  });
});
