import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseFillsCsv } from '../tca/fills-csv.js';
import { parentOrderTca } from '../tca/parent-order-tca.js';
import { numberOption } from './ac-command.js';
import { choiceOption, parseArgs, UsageError } from './cli-args.js';

export const TCA_USAGE = `usage: slipstream tca FILLS.csv --side buy|sell --arrival-price P [--market-vwap V]
                     [--qty PARENT_QTY --end-price P_END] [--json]

Transaction cost analysis of one order's fills. FILLS.csv has the header ts,qty,price (ts free-form
text or a number, qty a positive number, price a positive decimal). Costs are in basis points,
POSITIVE = A COST to us, for buys and sells alike:
  implementation shortfall isBps = side × (avgPrice − arrival) / arrival × 10,000
  VWAP slippage vwapSlippageBps  = side × (avgPrice − VWAP) / VWAP × 10,000
  with --qty (the parent order), the unfilled rest is an OPPORTUNITY COST, marked at --end-price
  (the mid at the end of the order's horizon) against arrival, in bps of the parent's notional:
  opportunityBps = side × (qty − filled) × (endPrice − arrival) / (qty × arrival) × 10,000
  totalIsBps     = filled part (isBps × filled/qty) + opportunityBps
  --side           buy or sell
  --arrival-price  mid at decision time (> 0)
  --market-vwap    market VWAP over the order's interval (> 0)
  --qty            the parent quantity (≥ the filled quantity; default: the filled quantity)
  --end-price      mid at the end of the horizon (> 0; required when --qty exceeds the fills)
  --json           print one JSON object instead of a summary
Exit status: 0 ok, 1 unreadable or malformed file, 2 usage error.`;

/**
 * The JSON `slipstream tca --json` prints (computable from the fills alone). Definitions
 * (s = +1 buy / −1 sell, q_i / p_i = fill qty / price, in file order):
 *   filledQty = Σq_i; notional = Σq_i·p_i; avgPrice = notional / filledQty (null without fills);
 *   isBps = s·(avgPrice − arrivalPrice)/arrivalPrice × 10⁴ (positive = cost; null without fills);
 *   isCost = s·(notional − filledQty·arrivalPrice), the same cost in quote currency;
 *   vwapSlippageBps = s·(avgPrice − marketVwap)/marketVwap × 10⁴, null without --market-vwap or fills;
 *   firstTs / lastTs = the ts text of the first / last row; minPrice / maxPrice over the fills;
 *   parentQty = --qty (default filledQty); unfilledQty = parentQty − filledQty; fillRate =
 *   filledQty / parentQty; opportunityBps = s·unfilledQty·(endPrice − arrival)/(parentQty·arrival)
 *   × 10⁴ (0 when all filled); totalIsBps = the Perold total in bps of the parent's notional
 *   (filled part + opportunity; null without fills and without an end price).
 */
export interface TcaSummary {
  readonly file: string;
  readonly side: 'buy' | 'sell';
  readonly arrivalPrice: number;
  readonly marketVwap: number | null;
  readonly fills: number;
  readonly filledQty: number;
  readonly notional: number;
  readonly avgPrice: number | null;
  readonly isBps: number | null;
  readonly isCost: number;
  readonly vwapSlippageBps: number | null;
  readonly firstTs: string | null;
  readonly lastTs: string | null;
  readonly minPrice: number | null;
  readonly maxPrice: number | null;
  readonly parentQty: number;
  readonly unfilledQty: number;
  readonly fillRate: number;
  readonly endPrice: number | null;
  readonly opportunityBps: number | null;
  readonly totalIsBps: number | null;
}

/**
 * Runs `slipstream tca`; resolves 0. Usage errors throw `UsageError` naming the option (exit 2 in
 * `main`); an unreadable file throws an Error naming it, a malformed one a `DataFormatError`
 * naming file, line, column and field (exit 1 in `main`).
 */
export async function tcaCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, ['side', 'arrival-price', 'market-vwap', 'qty', 'end-price'], ['json', 'help']);
  if (args.flags.has('help')) {
    out(TCA_USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError(`tca needs exactly one fills file, got ${args.positionals.length}\n${TCA_USAGE}`);
  const sideName = choiceOption(args, 'side', ['buy', 'sell'] as const);
  if (sideName === undefined) throw new UsageError('--side is required (buy or sell)');
  const arrivalPrice = numberOption(args, 'arrival-price', 0, true, 'mid at decision time', true)!;
  const marketVwap = numberOption(args, 'market-vwap', 0, true, 'market VWAP', false) ?? null;
  const qtyOpt = numberOption(args, 'qty', 0, true, 'parent quantity', false);
  const endPrice = numberOption(args, 'end-price', 0, true, 'mid at the end of the horizon', false) ?? null;
  const path = args.positionals[0]!;

  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  const rows = parseFillsCsv(bytes, basename(path));
  const side = sideName === 'buy' ? 1 : -1;
  const fills = rows.map((r, i) => ({ ts: i, qty: r.qty, price: r.price }));
  const filledQty = fills.reduce((a, f) => a + f.qty, 0);
  const parentQty = qtyOpt ?? filledQty;
  if (qtyOpt !== undefined && qtyOpt < filledQty * (1 - 1e-12)) throw new UsageError(`--qty ${qtyOpt} is less than the ${filledQty} filled in ${basename(path)}`);
  const unfilledQty = Math.max(0, parentQty - filledQty);
  if (unfilledQty > 0 && endPrice === null) throw new UsageError(`--end-price is required: ${unfilledQty} of --qty ${parentQty} are unfilled and are marked at it (opportunity cost)`);
  const tca = parentQty > 0 ? parentOrderTca({ side, arrivalPrice, parentQty, fills, marketVwap: marketVwap ?? undefined, endPrice: endPrice ?? undefined }) : null;
  const notional = tca?.notional ?? 0;
  const prices = rows.map((r) => r.price);
  const summary: TcaSummary = {
    file: path,
    side: sideName,
    arrivalPrice,
    marketVwap,
    fills: rows.length,
    filledQty,
    notional,
    avgPrice: tca?.avgPrice ?? null,
    isBps: tca?.isBps ?? null,
    isCost: filledQty > 0 ? side * (notional - filledQty * arrivalPrice) + 0 : 0, // + 0: no −0
    vwapSlippageBps: tca?.vwapSlippageBps ?? null,
    firstTs: rows[0]?.tsText ?? null,
    lastTs: rows.at(-1)?.tsText ?? null,
    minPrice: prices.length > 0 ? prices.reduce((a, b) => Math.min(a, b)) : null,
    maxPrice: prices.length > 0 ? prices.reduce((a, b) => Math.max(a, b)) : null,
    parentQty,
    unfilledQty,
    fillRate: parentQty > 0 ? filledQty / parentQty : 0,
    endPrice,
    opportunityBps: tca?.shortfall?.opportunityBps ?? null,
    totalIsBps: tca?.shortfall?.totalBps ?? null,
  };
  if (args.flags.has('json')) {
    out(JSON.stringify(summary));
    return 0;
  }
  const num = (x: number, d: number) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  const px = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 8 });
  out(`${basename(path)}: ${sideName} ${summary.fills} fills, ${px(filledQty)} filled${summary.avgPrice !== null ? ` at avg ${px(summary.avgPrice)} (notional ${num(notional, 2)})` : ''}${summary.firstTs !== null ? `, ${summary.firstTs} .. ${summary.lastTs}` : ''}`);
  out(`implementation shortfall vs arrival ${px(arrivalPrice)}: ${summary.isBps !== null ? `${num(summary.isBps, 2)} bps (${num(summary.isCost, 2)} in quote currency)` : 'n/a (no fills)'}`);
  if (marketVwap !== null) out(`VWAP slippage vs ${px(marketVwap)}: ${summary.vwapSlippageBps !== null ? `${num(summary.vwapSlippageBps, 2)} bps` : 'n/a (no fills)'}`);
  if (unfilledQty > 0) {
    out(`partially filled: ${px(filledQty)} of ${px(parentQty)} (${num(100 * summary.fillRate, 1)} %); opportunity cost of the ${px(unfilledQty)} unfilled at ${px(endPrice!)}: ${num(summary.opportunityBps!, 2)} bps; total shortfall ${num(summary.totalIsBps!, 2)} bps of the parent`);
  }
  out('positive bps = a cost to us');
  return 0;
}
