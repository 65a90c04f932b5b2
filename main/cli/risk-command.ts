import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { RiskReason } from '../contract/risk.js';
import { PreTradeGate, type GateOrder } from '../risk/pre-trade-gate.js';
import { parseRiskLimits, RiskLimitsError } from '../risk/risk-limits.js';
import { parseArgs, UsageError } from './cli-args.js';
import { parseRiskOrders } from './risk-command-csv.js';

export const RISK_CHECK_USAGE = `usage: slipstream risk check --orders ORDERS.csv --limits LIMITS.json [--json]

Runs every order through the pre-trade risk gate (the engine's own code), in file order.
ORDERS.csv has the header ts,symbol,side,qty,price,referencePrice: ts in seconds (non-decreasing),
side buy or sell, qty, price and referencePrice positive decimals. LIMITS.json may hold
maxOrderQty, maxNotional, maxPosition, maxOrdersPerSec, priceCollarBps, dailyLossLimit,
duplicateWindowSec and restricted (a list of symbols); an absent key means no limit, an unknown
key is an error. Every accepted order is treated as filled at once, in full, at its price; a denied
order changes nothing. Each row's referencePrice is its symbol's latest reference price (for the
collar, and for marking every fill in the daily loss). The first limit that fails is the reason:
restricted, maxOrderQty, maxNotional, priceCollarBps, duplicate, maxOrdersPerSec, maxPosition,
dailyLossLimit.
  --json   print {decisions: [{index, accepted, reason}], accepted, denied}; index counts orders
           from 0 in file order, reason is null for an accepted order
Exit status: 0 checked (whatever was denied), 1 unreadable or malformed file, 2 usage error.`;

const RISK_USAGE = `usage: slipstream risk <subcommand> [options]

Subcommands:
  check   Run an orders file through the pre-trade risk gate. See: slipstream risk check --help
  vol     Fit and compare volatility models (EWMA, GARCH(1,1), HAR-RV). See: slipstream risk vol --help
  regimes Name market regimes (calm, volatile, illiquid, stressed) online. See: slipstream risk regimes --help
  anomalies  Liquidity-stress alerts with their evidence. See: slipstream risk anomalies --help`;

/** One order's decision in `risk check --json`. */
export interface RiskCheckDecision {
  readonly index: number;
  readonly accepted: boolean;
  readonly reason: RiskReason | null;
}

/** What `slipstream risk check --json` prints. Invariant: accepted + denied = decisions.length. */
export interface RiskCheckResult {
  readonly decisions: RiskCheckDecision[];
  readonly accepted: number;
  readonly denied: number;
}

/** Risk subcommands other modules add (the models: vol, regimes, anomalies). */
export const RISK_SUBCOMMANDS: Record<string, (argv: readonly string[], out: (s: string) => void) => Promise<number>> = {
  check: riskCheckCommand,
  vol: async (argv, out) => (await import('./risk-vol-command.js')).riskVolCommand(argv, out),
  regimes: async (argv, out) => (await import('./risk-regimes-command.js')).riskRegimesCommand(argv, out),
  anomalies: async (argv, out) => (await import('./risk-anomalies-command.js')).riskAnomaliesCommand(argv, out),
};

/** `slipstream risk <subcommand> …`: dispatches to RISK_SUBCOMMANDS. */
export async function riskCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    out(RISK_USAGE);
    return sub === undefined ? 2 : 0;
  }
  const run = Object.hasOwn(RISK_SUBCOMMANDS, sub) ? RISK_SUBCOMMANDS[sub] : undefined;
  if (!run) throw new UsageError(`unknown subcommand "${sub}"\n${RISK_USAGE}`);
  return run(rest, out);
}

/**
 * Runs `slipstream risk check`; resolves 0 once every order is decided. Usage errors throw
 * `UsageError` (exit 2); an unreadable file, malformed row or invalid limit throws an Error naming
 * the file and the line and column, or the limit (exit 1).
 */
export async function riskCheckCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, ['orders', 'limits'], ['json', 'help']);
  if (args.flags.has('help')) {
    out(RISK_CHECK_USAGE);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"\n${RISK_CHECK_USAGE}`);
  const ordersPath = args.values.get('orders');
  const limitsPath = args.values.get('limits');
  if (ordersPath === undefined) throw new UsageError('--orders is required (the orders CSV file)');
  if (limitsPath === undefined) throw new UsageError('--limits is required (the limits JSON file)');

  const limitsText = readText(limitsPath);
  let limitsJson: unknown;
  try {
    limitsJson = JSON.parse(limitsText);
  } catch (e) {
    throw new Error(`${basename(limitsPath)}: not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  let limits;
  try {
    limits = parseRiskLimits(limitsJson, basename(limitsPath));
  } catch (e) {
    if (e instanceof RiskLimitsError) throw new Error(e.message, { cause: e });
    throw e;
  }
  const orders = parseRiskOrders(readBytes(ordersPath), basename(ordersPath));

  const gate = new PreTradeGate(limits, { sizeDecimals: orders.sizeDecimals, priceDecimals: orders.priceDecimals, tickUnits: 1, timeUnitsPerSec: 10 ** orders.timeDecimals });
  const o: GateOrder = { symbol: '', side: 1, qty: 0, market: false, price: 0, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0 };
  const decisions: RiskCheckDecision[] = [];
  const lines: string[] = [];
  let accepted = 0;
  orders.rows.forEach((r, index) => {
    o.symbol = r.symbol;
    o.side = r.side;
    o.qty = r.qty;
    o.price = r.price;
    o.ts = r.ts;
    gate.mark(r.symbol, r.referencePrice);
    const reason = gate.check(o);
    if (reason === null) {
      gate.accepted(o);
      gate.filled(r.symbol, r.side, r.qty, r.price);
      accepted++;
    } else {
      lines.push(`line ${r.line} (order ${index}): denied, ${reason}: ${gate.explain(o, reason).message}`);
    }
    decisions.push({ index, accepted: reason === null, reason });
  });
  const result: RiskCheckResult = { decisions, accepted, denied: decisions.length - accepted };
  if (args.flags.has('json')) {
    out(JSON.stringify(result));
    return 0;
  }
  out(`${basename(ordersPath)}: ${decisions.length} orders, ${accepted} accepted, ${result.denied} denied (limits ${basename(limitsPath)})`);
  for (const l of lines) out(l);
  return 0;
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

function readText(path: string): string {
  const bytes = readBytes(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new Error(`${basename(path)}: not UTF-8 text`);
  }
}
