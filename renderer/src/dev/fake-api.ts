import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { EventName } from '../../../main/contract/events.js';

/**
 * A development-only stand-in for the engine (vite dev with `?fake`): a random-walk book that
 * speaks the real contract, so the UI can be laid out before the engine handlers exist. Never
 * bundled in production builds (main.tsx imports it behind `import.meta.env.DEV`).
 */
export function createFakeApi(): SlipstreamApi {
  type L = (name: EventName, payload: unknown) => void;
  const listeners = new Set<L>();
  const emit = (name: EventName, payload: unknown) => listeners.forEach((l) => l(name, payload));
  const total = 57_514;
  const tick = 100;
  let index = 0;
  let ts = 34_200_000_000_000;
  let mid = 2_238_200;
  let timer: ReturnType<typeof setInterval> | null = null;
  let state: 'empty' | 'ready' | 'playing' | 'paused' | 'ended' = 'empty';
  let trades = 0;
  let volume = 0;
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const sendState = () => emit('replay.state', { sessionId: 's1', state, speed: 1, eventIndex: index, totalEvents: total });
  const frame = (reset: boolean, steps: number) => {
    const series: [number, number | null, number | null][] = [];
    const tr: { tsNs: number; priceUnits: number; size: number; side: number }[] = [];
    for (let i = 0; i < steps; i++) {
      index = Math.min(total, index + 10);
      ts += 20_000_000 + Math.floor(rnd() * 50_000_000);
      if (rnd() < 0.2) mid += (rnd() < 0.5 ? -1 : 1) * tick;
      series.push([ts, mid - tick, mid + (rnd() < 0.3 ? 2 : 1) * tick]);
      if (rnd() < 0.3) {
        const size = Math.ceil(rnd() * 5) * 100;
        const side = rnd() < 0.5 ? 1 : -1;
        tr.push({ tsNs: ts, priceUnits: side > 0 ? mid + tick : mid - tick, size, side });
        trades++;
        volume += size;
      }
    }
    const lvl = (p: number) => [p, Math.ceil(rnd() * 30) * 100 + (rnd() < 0.1 ? 12_000 : 0), Math.ceil(rnd() * 6)] as [number, number, number];
    const bids = Array.from({ length: 10 }, (_, i) => lvl(mid - tick * (i + 1) - (i > 4 ? tick : 0)));
    const asks = Array.from({ length: 10 }, (_, i) => lvl(mid + tick * (i + 1)));
    const bb = bids[0]!, ba = asks[0]!;
    emit('market.frame', {
      sessionId: 's1', eventIndex: index, tsNs: ts, bids, asks,
      lastTradePriceUnits: tr.length ? tr[tr.length - 1]!.priceUnits : mid + tick,
      stats: { eventsPerSec: 12_345, spreadUnits: ba[0] - bb[0], midUnits: (ba[0] + bb[0]) / 2, microUnits: (bb[0] * ba[1] + ba[0] * bb[1]) / (bb[1] + ba[1]), imbalance: (bb[1] - ba[1]) / (bb[1] + ba[1]), trades, volume },
      trades: tr, series, reset,
    });
  };
  const api: SlipstreamApi = {
    platform: 'browser',
    async request(command, args) {
      const a = args as Record<string, unknown>;
      switch (command) {
        case 'engine.hello':
          return { version: '0.1.0', host: 'in-process', engineThread: 'in-process', tfBackend: 'cpu (fake)', startedAtMs: Date.now() } as never;
        case 'market.listSamples':
          return [{ id: 'amzn-lobster', label: 'AMZN 2012-06-21 LOBSTER L1', format: 'lobster', files: ['AMZN_message_1.csv', 'AMZN_orderbook_1.csv'] }] as never;
        case 'market.openSample':
        case 'market.open': {
          for (let f = 0; f <= 10; f++) {
            await new Promise((r) => setTimeout(r, 60));
            emit('job.progress', { jobId: 'j1', label: 'Loading AMZN', fraction: f / 10, rate: 950_000, rateUnit: 'events', etaSec: (10 - f) * 0.06, done: f === 10, cancelled: false });
          }
          index = 0;
          state = 'ready';
          frame(true, 1);
          sendState();
          return { sessionId: 's1', format: 'lobster', variant: 'level-1', instrument: { symbol: 'AMZN', venue: 'NASDAQ', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 }, events: total, firstTsNs: 34_200_017_459_617, lastTsNs: 57_599_903_492_000, baseEpochNs: '1340251200000000000', clock: 'exchange-local', checkedRows: total, mismatches: 0 } as never;
        }
        case 'replay.play':
          state = 'playing';
          sendState();
          if (!timer) timer = setInterval(() => frame(false, 5), 33);
          return { ok: true } as never;
        case 'replay.pause':
          state = 'paused';
          if (timer) clearInterval(timer);
          timer = null;
          sendState();
          return { ok: true } as never;
        case 'replay.setSpeed':
          return { ok: true } as never;
        case 'replay.seek':
          index = typeof a.fraction === 'number' ? Math.round(a.fraction * total) : Number(a.eventIndex ?? 0);
          frame(true, 1);
          sendState();
          return { eventIndex: index } as never;
        case 'replay.step':
          frame(false, 1);
          sendState();
          return { eventIndex: index } as never;
        case 'job.cancel':
          return { cancelled: false } as never;
      }
      throw Object.assign(new Error(`Command "${String(command)}" is not available yet`), { code: 'state' });
    },
    onEvent(listener) {
      const l = listener as L;
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return api;
}
