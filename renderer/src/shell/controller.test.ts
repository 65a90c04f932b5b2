import { describe, expect, it } from 'vitest';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { EventName } from '../../../main/contract/events.js';
import type { SettingsBackend, UiSettings } from '../client/settings.js';
import { MarketStore } from '../store/market-store.js';
import { Controller } from './controller.js';

const SESSION = {
  sessionId: 's1', format: 'lobster', variant: 'level-1',
  instrument: { symbol: 'AMZN', venue: 'NASDAQ', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 },
  events: 1000, firstTsNs: 1, lastTsNs: 2, baseEpochNs: '0', clock: 'exchange-local', checkedRows: 0, mismatches: 0,
};

function fakeApi(handlers: Record<string, (args: any) => unknown>) {
  const calls: { command: string; args: unknown }[] = [];
  let listener: ((n: EventName, p: unknown) => void) | null = null;
  const api: SlipstreamApi = {
    platform: 'browser',
    async request(command, args) {
      calls.push({ command: String(command), args });
      const h = handlers[String(command)];
      if (!h) throw Object.assign(new Error(`Command "${String(command)}" is not available yet`), { code: 'state' });
      return h(args) as never;
    },
    onEvent(l) {
      listener = l as never;
      return () => (listener = null);
    },
  };
  return { api, calls, emit: (n: EventName, p: unknown) => listener?.(n, p) };
}

const memorySettings = (): SettingsBackend & { saved: Partial<UiSettings>[] } => {
  const saved: Partial<UiSettings>[] = [];
  return { kind: 'host', saved, load: async () => ({ theme: 'light', replaySpeed: 100 }), save: async (p) => void saved.push(p) };
};

describe('Controller', () => {
  it('starts: hello, samples and settings', async () => {
    const { api } = fakeApi({
      'engine.hello': () => ({ version: '0.1.0', host: 'headless', engineThread: 'worker-thread', tfBackend: 'wasm', startedAtMs: 0 }),
      'market.listSamples': () => [{ id: 'amzn', label: 'AMZN', format: 'lobster', files: [] }],
    });
    const c = new Controller({ api, settings: memorySettings(), market: new MarketStore((cb) => cb()) });
    await c.start();
    const s = c.app.getState();
    expect(s.hello?.tfBackend).toBe('wasm');
    expect(s.samples).toHaveLength(1);
    expect(s.theme).toBe('light');
    expect(s.speed).toBe(100);
  });

  it('opens a sample, records the source and routes events', async () => {
    const { api, emit } = fakeApi({ 'market.openSample': () => SESSION });
    const market = new MarketStore((cb) => cb());
    const c = new Controller({ api, settings: memorySettings(), market, initial: { samples: [{ id: 'amzn', label: 'AMZN day', format: 'lobster', files: [] }] } });
    await c.start();
    await c.openSample('amzn');
    expect(c.app.getState().session?.sessionId).toBe('s1');
    expect(c.app.getState().source).toEqual({ kind: 'sample', label: 'AMZN day' });
    emit('job.progress', { jobId: 'j', label: 'Loading', fraction: 0.3, rate: 1, rateUnit: 'events', etaSec: 2, done: false, cancelled: false });
    expect(Object.keys(c.app.getState().jobs)).toEqual(['j']);
    emit('replay.state', { sessionId: 's1', state: 'ready', speed: 1, eventIndex: 0, totalEvents: 1000 });
    expect(c.app.getState().replay?.state).toBe('ready');
    emit('market.frame', { sessionId: 's1', eventIndex: 3, tsNs: 1, bids: [], asks: [], lastTradePriceUnits: null, stats: { eventsPerSec: 0, spreadUnits: null, midUnits: null, microUnits: null, imbalance: 0, trades: 0, volume: 0 }, trades: [], series: [[1, 2, 3]], reset: true });
    expect(market.view.getState().book?.eventIndex).toBe(3);
  });

  it('shows an open error in the open area, in the engine’s words', async () => {
    const { api } = fakeApi({});
    const c = new Controller({ api, settings: memorySettings() });
    await c.openSample('x');
    const err = c.app.getState().errors.open;
    expect(err?.info.message).toBe('Command "market.openSample" is not available yet');
    expect(err?.command).toBe('market.openSample');
    expect(c.app.getState().opening).toBe(false);
    c.dismissError('open');
    expect(c.app.getState().errors.open).toBeUndefined();
  });

  it('plays at the chosen speed, toggles, steps and persists the speed', async () => {
    const settings = memorySettings();
    const ok = () => ({ ok: true });
    const { api, calls, emit } = fakeApi({ 'replay.play': ok, 'replay.pause': ok, 'replay.setSpeed': ok, 'replay.step': () => ({ eventIndex: 1 }), 'replay.seek': () => ({ eventIndex: 0 }) });
    const c = new Controller({ api, settings });
    await c.start();
    emit('replay.state', { sessionId: 's1', state: 'ready', speed: 1, eventIndex: 0, totalEvents: 10 });
    await c.setSpeed(1000);
    await c.togglePlay();
    emit('replay.state', { sessionId: 's1', state: 'playing', speed: 1000, eventIndex: 0, totalEvents: 10 });
    await c.setSpeed('max');
    await c.togglePlay();
    await c.step(-100);
    emit('replay.state', { sessionId: 's1', state: 'ended', speed: 1000, eventIndex: 10, totalEvents: 10 });
    await c.play();
    const sent = calls.filter((x) => x.command.startsWith('replay.')).map((x) => `${x.command} ${JSON.stringify(x.args)}`);
    expect(sent).toEqual([
      'replay.play {"speed":1000}',
      'replay.setSpeed {"speed":"max"}',
      'replay.pause {}',
      'replay.step {"events":-100}',
      'replay.seek {"eventIndex":0}',
      'replay.play {"speed":"max"}',
    ]);
    expect(settings.saved).toContainEqual({ replaySpeed: 'max' });
  });

  it('throttles scrubbing but always sends the last position', async () => {
    const { api, calls } = fakeApi({ 'replay.seek': () => ({ eventIndex: 0 }) });
    const c = new Controller({ api, settings: memorySettings() });
    for (let i = 1; i <= 10; i++) c.seekThrottled(i / 10, 30);
    await new Promise((r) => setTimeout(r, 80));
    const seeks = calls.filter((x) => x.command === 'replay.seek');
    expect(seeks).toHaveLength(1);
    expect(seeks[0]!.args).toEqual({ fraction: 1 });
  });
});

describe('Controller open failures', () => {
  it('keeps the previous session’s book and chart when an open fails', async () => {
    let fail = false;
    const { api, emit } = fakeApi({
      'market.openSample': () => {
        if (fail) throw { code: 'data-format', message: 'unknown market-data format', field: 'files' };
        return SESSION;
      },
    });
    const market = new MarketStore((cb) => cb());
    const c = new Controller({ api, market, initial: { samples: [] } });
    await c.start();
    await c.openSample('amzn');
    emit('market.frame', { sessionId: 's1', eventIndex: 3, tsNs: 1, bids: [[1, 1, 1]], asks: [[2, 1, 1]], lastTradePriceUnits: null, stats: { eventsPerSec: 0, spreadUnits: 1, midUnits: 1.5, microUnits: 1.5, imbalance: 0, trades: 0, volume: 0 }, trades: [], series: [[1, 1, 2]], reset: true });
    fail = true;
    await c.openSample('bad');
    expect(c.app.getState().errors.open?.info).toEqual({ code: 'data-format', message: 'unknown market-data format', field: 'files' });
    expect(c.app.getState().session?.sessionId).toBe('s1');
    expect(market.view.getState().book?.eventIndex).toBe(3);
    expect(market.columns.tsNs).toEqual([1]);
  });
});
