import type { InstrumentSpec } from '../domain/instrument.js';
import type { MdSource as SharedMdSource } from '../live/feeds/open-feed.js';
import { parseFixUnits } from '../live/fix/fix-codec.js';
import { UsageError, choiceOption, intOption, parseArgs } from './cli-args.js';

export const LIVE_USAGE = `usage: slipstream live --fix-host H --fix-port P --sender ID --target ID --symbol SYM --side buy|sell
                      --qty Q --strategy twap|vwap|pov|ac|agent[:DIR] --horizon SECONDS [--md SOURCE] [--json]
                      [--price-decimals N] [--size-decimals N] [--slices N] [--pov-rate R]
                      [--ac-sigma UNITS] [--ac-eta UNITS] [--ref-price PRICE] [--heartbeat SECONDS] [--store DIR]

Works one parent order through a FIX 4.4 acceptor (our paper venue or any other) and prints
filledQty, avgPrice, childOrders, rejects and sessionEvents at the end. Ctrl-C cancels the open
children and logs out.
  --md        market data: fix (MarketDataRequest on the same session), file:A[+B] (a recorded
              day at wall-clock speed), binance:SNAPSHOT_URL,STREAM_URL (snapshot + diff stream).
              Without it only twap runs (market orders, no prices needed; give --ref-price).
  --ref-price the price the pre-trade gate checks notional against until the first fill
              (required without --md: a market order has no price of its own)
  --price-decimals/--size-decimals  the instrument's decimals on the wire (default 2 and 0; a
              file feed's own instrument is used instead)
  --slices    child slices of twap/vwap/ac (default 10)
  --pov-rate  pov participation in (0, 1] (default 0.1; needs trades: --md file:... or --md fix
              from a venue that serves them, as slipstream venue does)
  --ac-sigma, --ac-eta  the Almgren-Chriss model (price units per √s, price units per size unit/s); required by ac
  --store     folder of the session's sequence-number file (default: in memory, reset on logon)`;

/** The market-data source of a live run (none is `null`). */
export type MdSource = Exclude<SharedMdSource, { kind: 'none' }>;

/** A checked `slipstream live` command line. Invariant: quantity > 0 in size units of `instrument`; horizonSec > 0. */
export interface LiveArgs {
  readonly host: string;
  readonly port: number;
  readonly sender: string;
  readonly target: string;
  readonly instrument: InstrumentSpec;
  readonly side: 'buy' | 'sell';
  readonly qtyText: string;
  readonly strategy: 'twap' | 'vwap' | 'pov' | 'ac' | 'agent';
  readonly agentDir: string | null;
  readonly horizonSec: number;
  readonly md: MdSource | null;
  readonly json: boolean;
  readonly slices: number;
  readonly povRate: number;
  readonly ac: { sigma: number; eta: number } | null;
  readonly heartBtIntSec: number;
  readonly storeDir: string | null;
  /** Reference price (price units) for the gate's notional check until a fill; null when a feed gives prices. */
  readonly refPriceUnits: number | null;
}

const ID = /^[A-Za-z0-9._-]{1,32}$/;

function positive(args: ReturnType<typeof parseArgs>, name: string, required: boolean, max = Number.MAX_VALUE): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) {
    if (required) throw new UsageError(`--${name} is required\n${LIVE_USAGE}`);
    return undefined;
  }
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0 || v > max) throw new UsageError(`--${name} must be a number in (0, ${max}], got "${raw}"`);
  return v;
}

function mdSource(raw: string | undefined): MdSource | null {
  if (raw === undefined) return null;
  if (raw === 'fix') return { kind: 'fix' };
  if (raw.startsWith('file:')) {
    const files = raw.slice(5).split('+').filter((f) => f.length > 0);
    if (files.length === 0) throw new UsageError('--md file: needs a file (file:A or file:A+B)');
    return { kind: 'file', files };
  }
  if (raw.startsWith('binance:')) {
    const [snapshotUrl, streamUrl] = raw.slice(8).split(',');
    if (!snapshotUrl || !streamUrl || !/^https?:\/\//.test(snapshotUrl) || !/^wss?:\/\//.test(streamUrl)) throw new UsageError(`--md binance: needs SNAPSHOT_URL,STREAM_URL (http(s)://…,ws(s)://…), got "${raw}"`);
    return { kind: 'binance', snapshotUrl, streamUrl };
  }
  throw new UsageError(`--md must be fix, file:PATHS or binance:SNAPSHOT_URL,STREAM_URL, got "${raw}"`);
}

/** Parses and checks the command line; throws UsageError naming the option and its limit. */
export function parseLiveArgs(argv: readonly string[]): LiveArgs | 'help' {
  const args = parseArgs(argv, ['fix-host', 'fix-port', 'sender', 'target', 'symbol', 'side', 'qty', 'strategy', 'horizon', 'md', 'price-decimals', 'size-decimals', 'slices', 'pov-rate', 'ac-sigma', 'ac-eta', 'heartbeat', 'store', 'ref-price'], ['json', 'help']);
  if (args.flags.has('help')) return 'help';
  for (const k of ['fix-host', 'fix-port', 'sender', 'target', 'symbol', 'side', 'qty', 'strategy', 'horizon']) {
    if (!args.values.has(k)) throw new UsageError(`--${k} is required\n${LIVE_USAGE}`);
  }
  for (const k of ['sender', 'target', 'symbol']) {
    const v = args.values.get(k)!;
    if (!ID.test(v)) throw new UsageError(`--${k} must be 1 to 32 letters, digits, '.', '_' or '-', got "${v}"`);
  }
  const side = choiceOption(args, 'side', ['buy', 'sell'] as const)!;
  const rawStrategy = args.values.get('strategy')!;
  const [name, ...dir] = rawStrategy.split(':');
  const strategies = ['twap', 'vwap', 'pov', 'ac', 'agent'] as const;
  const strategy = strategies.find((s) => s === name?.toLowerCase());
  if (strategy === undefined || (dir.length > 0 && strategy !== 'agent')) throw new UsageError(`--strategy must be twap, vwap, pov, ac or agent[:DIR], got "${rawStrategy}"`);
  const md = mdSource(args.values.get('md'));
  if (md === null && strategy !== 'twap') throw new UsageError(`--strategy ${strategy} needs prices: give --md (fix, file:… or binance:…); only twap runs without a feed`);
  if (strategy === 'pov' && md?.kind !== 'file' && md?.kind !== 'fix') throw new UsageError('--strategy pov needs the market\'s trades: --md file:… or --md fix from a venue that serves trades (MDEntryType 2, as slipstream venue does); the Binance depth feed carries none');
  const sigma = positive(args, 'ac-sigma', false);
  const eta = positive(args, 'ac-eta', false);
  if (strategy === 'ac' && (sigma === undefined || eta === undefined)) throw new UsageError('--strategy ac needs --ac-sigma and --ac-eta (the Almgren-Chriss model)');
  const priceDecimals = intOption(args, 'price-decimals', 0, 12) ?? 2;
  const sizeDecimals = intOption(args, 'size-decimals', 0, 12) ?? 0;
  const qtyText = args.values.get('qty')!;
  const q = parseFixUnits(qtyText, sizeDecimals);
  if (q === null || q <= 0) throw new UsageError(`--qty must be a positive decimal with at most ${sizeDecimals} decimals (--size-decimals), got "${qtyText}"`);
  const host = args.values.get('fix-host')!;
  const refText = args.values.get('ref-price');
  const refPriceUnits = refText === undefined ? null : parseFixUnits(refText, priceDecimals);
  if (refText !== undefined && (refPriceUnits === null || refPriceUnits <= 0)) throw new UsageError(`--ref-price must be a positive price with at most ${priceDecimals} decimals (--price-decimals), got "${refText}"`);
  if (md === null && refPriceUnits === null) throw new UsageError('--ref-price is required without --md: the pre-trade gate checks a market order\'s notional against a reference price until the first fill gives one');
  return {
    host, port: intOption(args, 'fix-port', 1, 65535)!, sender: args.values.get('sender')!, target: args.values.get('target')!,
    instrument: { symbol: args.values.get('symbol')!, venue: args.values.get('target')!, priceDecimals, sizeDecimals, tickSizeUnits: 1 },
    side, qtyText, strategy, agentDir: dir.length > 0 ? dir.join(':') : null, horizonSec: positive(args, 'horizon', true, 7 * 86400)!,
    md, json: args.flags.has('json'), slices: intOption(args, 'slices', 1, 1000) ?? 10, povRate: positive(args, 'pov-rate', false, 1) ?? 0.1,
    ac: sigma !== undefined && eta !== undefined ? { sigma, eta } : null, heartBtIntSec: intOption(args, 'heartbeat', 1, 3600) ?? 30,
    storeDir: args.values.get('store') ?? null, refPriceUnits,
  };
}
