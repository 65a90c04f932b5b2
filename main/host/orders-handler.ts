import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { amendedTicket, amendIssues, MAX_URGENCY, ticketIssues, type Amendment, usesUrgency, type OrderIssue, type OrderPreview, type OrderTicketParsed, type ParentOrderRecord, type ParentStatus } from '../contract/orders.js';
import { acPreview, estimatePathModel, type PathModel } from '../execution/parent-order-service.js';
import { agentPolicyFor } from '../execution/agent/agent-policies.js';
import { defaultAgentModelDir } from '../execution/agent/default-agent.js';
import { ParentOrderRun } from '../execution/parent-order-run.js';
import type { PostureModel } from '../execution/posture.js';
import type { PathSim } from '../execution/what-if/path-sim.js';
import { scenarioPath } from '../execution/what-if/scenario-path.js';
import { PRESET_NAMES } from '../market/scenarios/index.js';
import { DEFAULT_RISK_LIMITS, ticketLimits, type RiskLimits } from '../risk/risk-limits.js';
import type { KillSwitch } from '../risk/kill-switch.js';
import { OrderStore } from '../store/order-store.js';
import { StoreError } from '../store/store-error.js';
import { EngineError } from './engine-error.js';
import type { Job, JobRegistry } from './job-registry.js';
import type { ReplayPathFactory } from './what-if-handler.js';
import { listSamples } from './samples.js';

/** The order store's file in the engine's data folder. */
export const ORDERS_DB_FILE = 'orders.duckdb';
/** Wall time between saves of a working parent's state. */
const SAVE_EVERY_MS = 1_000;

/** Why a ticket is refused while the global kill switch is on. */
export const KILL_SWITCH_REFUSAL = 'Kill switch is on: new orders are refused until it is turned off (Risk screen).';

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

interface Running {
  readonly job: Job;
  readonly done: Promise<void>;
  readonly run: ParentOrderRun;
  readonly model: PathModel;
  /** Saves the parent's current state (the amended ticket included). */
  readonly save: () => Promise<void>;
}

/**
 * The agent algorithm's model (the ticket's folder, else the shipped one), loaded and checked
 * against the env: what it is, or an issue naming `agentModel` in the loader's words (which name
 * the manifest field that does not fit); null for the other algorithms.
 */
function agentOfTicket(t: OrderTicketParsed): { used: NonNullable<OrderPreview['agent']> } | { issue: OrderIssue } | null {
  if (t.algorithm !== 'agent') return null;
  try {
    const dir = t.agentModel ?? defaultAgentModelDir();
    const m = agentPolicyFor(dir).model;
    return { used: { path: m.path ?? dir, version: m.version ?? 'unversioned', weightsSha256: m.weightsSha256 ?? 'none' } };
  } catch (e) {
    return { issue: { field: 'agentModel', message: e instanceof Error ? e.message : String(e) } };
  }
}

/**
 * The Order ticket's commands: `orders.preview`, `orders.submit`, `orders.list`, `orders.cancel`.
 * Parent orders, their children and fills live in `<dataDir>/orders.duckdb` (OrderStore), opened
 * on first use; a parent is saved as 'working' when it starts, about every second while it works,
 * and once more when it ends ('done', 'cancelled' or 'failed'), one transaction per save. An
 * unreadable file is an error naming it, and the file is left as it is.
 */
export class OrdersService {
  private store: Promise<OrderStore> | null = null;
  private opened: OrderStore | null = null;
  private writes: Promise<void> = Promise.resolve();
  private readonly running = new Map<string, Running>();
  private disposed = false;

  constructor(
    private readonly dataDir: string,
    private readonly samplesDir: string,
    private readonly jobs: JobRegistry,
    private readonly replayPath: ReplayPathFactory | null,
    /** The engine's kill switches: every parent's child orders obey them (the parent id is the agent). */
    private readonly killSwitch?: KillSwitch,
    /** The engine's risk limits now: the ticket is checked against them and each new parent's gate uses them. */
    private readonly riskLimits: () => RiskLimits = () => DEFAULT_RISK_LIMITS,
    /** The live risk models for a new parent (host/risk-models-sim.ts): they tighten its executor's posture. */
    private readonly postureModel?: (parentId: string, ticket: OrderTicketParsed) => PostureModel,
  ) {}

  /** The limits in the ticket's terms (contract `OrderPreview.limits`). */
  private get limits(): ReturnType<typeof ticketLimits> {
    return ticketLimits(this.riskLimits());
  }

  /** The AC pre-trade numbers and every validation / risk problem in words (never throws for a bad ticket); the global kill switch first. */
  preview(t: OrderTicketParsed): OrderPreview {
    const p0 = this.previewTicket(t);
    const agent = agentOfTicket(t);
    const p = agent === null ? p0 : 'issue' in agent ? { ...p0, issues: [...p0.issues, agent.issue] } : { ...p0, agent: agent.used };
    return this.killSwitch?.isOn() ? { ...p, issues: [{ field: 'source', message: KILL_SWITCH_REFUSAL }, ...p.issues] } : p;
  }

  private previewTicket(t: OrderTicketParsed): OrderPreview {
    const issues = ticketIssues(t, this.limits);
    const empty: OrderPreview = { arrivalPriceUnits: null, expectedCostBps: null, stdBps: null, holdings: [], periodSec: 0, urgencyUsed: 0, sigmaBpsPerSqrtSec: null, model: null, instrument: null, limits: this.limits, issues };
    let factory: (withOrders: boolean) => PathSim;
    try {
      factory = this.pathFactory(t);
    } catch (e) {
      if (e instanceof EngineError) return { ...empty, issues: [...issues, { field: e.field ?? 'source', message: e.message }] };
      throw e;
    }
    if (issues.some((i) => i.field === 'startSec' || i.field === 'horizonSec')) return empty;
    const sim = factory(false);
    // Now that the instrument is known, the messages speak in its display units.
    issues.splice(0, issues.length, ...ticketIssues(t, this.limits, sim.instrument));
    if (t.startSec * 1e9 >= sim.endNs - sim.startNs) {
      return { ...empty, issues: [...issues, { field: 'startSec', message: `Start ${t.startSec} s is after the end of the path (${((sim.endNs - sim.startNs) / 1e9).toFixed(0)} s).` }] };
    }
    const model = estimatePathModel(sim, t.startSec);
    issues.push(...marketIssues(t, model, sim.instrument, this.limits, this.riskLimits().restricted));
    const q = Number.isSafeInteger(t.quantity) && t.quantity > 0 ? t.quantity : 1;
    const urgency = usesUrgency(t.algorithm) && Number.isFinite(t.urgency) && t.urgency >= 0 ? Math.min(t.urgency, MAX_URGENCY) : 0;
    const ac = acPreview(model, q, t.horizonSec, urgency);
    const arr = model.arrivalPriceUnits;
    return {
      arrivalPriceUnits: arr,
      expectedCostBps: ac.expectedCostBps,
      stdBps: ac.stdBps,
      holdings: ac.holdings,
      periodSec: ac.periodSec,
      urgencyUsed: urgency,
      sigmaBpsPerSqrtSec: arr ? (model.sigmaUnitsPerSqrtSec / arr) * 10_000 : null,
      model: { sigmaUnitsPerSqrtSec: model.sigmaUnitsPerSqrtSec, etaUnitsPerRate: ac.etaUnitsPerRate, halfSpreadUnits: model.halfSpreadUnits, lambda: ac.lambda, estimatedOverSec: model.estimatedOverSec },
      instrument: { ...sim.instrument },
      limits: this.limits,
      issues,
    };
  }

  /** Validates, saves the parent as 'working' and starts working it as a job; answers at once. */
  async submit(t: OrderTicketParsed): Promise<{ parentId: string; jobId: string }> {
    // Like a restricted symbol, refused before any child order exists (the gate would deny every one).
    if (this.killSwitch?.isOn()) throw new EngineError('state', KILL_SWITCH_REFUSAL, 'source');
    const agent = agentOfTicket(t);
    if (agent !== null && 'issue' in agent) throw new EngineError('validation', agent.issue.message, 'agentModel');
    const factory = this.pathFactory(t);
    const probe = factory(false);
    const staticIssues = ticketIssues(t, this.limits, probe.instrument);
    if (staticIssues.length > 0) throw issuesError(staticIssues);
    const store = await this.openStore();
    if (t.startSec * 1e9 >= probe.endNs - probe.startNs) throw new EngineError('validation', `Start ${t.startSec} s is after the end of the path.`, 'startSec');
    const model = estimatePathModel(probe, t.startSec);
    const mIssues = marketIssues(t, model, probe.instrument, this.limits, this.riskLimits().restricted);
    if (mIssues.length > 0) throw issuesError(mIssues);
    const parentId = `PO-${randomUUID().slice(0, 8)}`;
    let run: ParentOrderRun;
    try {
      run = new ParentOrderRun(t, factory(true), model, parentId, { killSwitch: this.killSwitch, limits: this.riskLimits(), posture: this.postureModel?.(parentId, t) });
    } catch (e) {
      throw new EngineError('validation', e instanceof Error ? e.message : String(e), 'algorithm');
    }
    const created = new Date().toISOString();
    const record = (status: ParentStatus, error: string | null = null): ParentOrderRecord => ({
      parentId, created, updated: new Date().toISOString(), ticket: run.ticket, status, ...run.snapshot(), sourceLabel: run.label,
      instrument: { ...run.instrument }, baseEpochNs: run.baseEpochNs, clock: run.clock, startNs: run.orderStartNs, error,
    });
    await this.save(store, record('working'));
    const job = this.jobs.start(`Order ${t.side} ${fmtInt(t.quantity)} ${t.algorithm}`, 'steps/s');
    const done = this.work(store, run, job, record).finally(() => this.running.delete(parentId));
    this.running.set(parentId, { job, done, run, model, save: () => this.save(store, record('working')) });
    return { parentId, jobId: job.id };
  }

  /**
   * Amends a working parent with the same checks as a new ticket (`ticketIssues`, the market's
   * notional and price band against the mid now) plus `amendIssues`; then its working children are
   * cancelled and the rest re-planned (`ParentOrderRun.amend`), and the amended parent is saved.
   */
  async amend(parentId: string, changes: Amendment): Promise<{ parentId: string; ticket: OrderTicketParsed }> {
    const r = this.running.get(parentId);
    if (!r || !r.run.working) throw new EngineError('state', `Parent ${parentId} is not working any more; only a working parent can be amended.`, 'parentId');
    const next = amendedTicket(r.run.ticket, changes);
    const issues = [...ticketIssues(next, this.limits, r.run.instrument), ...amendIssues(next, r.run.filled, r.run.elapsedSec)];
    if (issues.length > 0) throw issuesError(issues);
    // As for a new ticket, the market's checks (notional, price band) come once the ticket itself is sound — against the mid now.
    const mid = r.run.midNow;
    const mIssues = marketIssues(next, { ...r.model, arrivalPriceUnits: mid ?? r.model.arrivalPriceUnits }, r.run.instrument, this.limits, this.riskLimits().restricted).filter((i) => i.field !== 'startSec');
    if (mIssues.length > 0) throw issuesError(mIssues);
    r.run.amend(next);
    await r.save();
    return { parentId, ticket: next };
  }

  /** Every stored parent (oldest first) with children and fills. */
  async list(): Promise<ParentOrderRecord[]> {
    const store = await this.openStore();
    await this.writes;
    try {
      return await store.listParents();
    } catch (e) {
      throw storeEngineError(e);
    }
  }

  /** Cancels a working parent: no new children, its working children cancelled (the run drains for their acknowledgements, then saves 'cancelled'). */
  cancel(parentId: string): { cancelled: boolean } {
    const r = this.running.get(parentId);
    return { cancelled: r ? r.run.cancel() : false };
  }

  /** The parents being worked now (until their run has drained and been saved), by parent id: what `risk.usage` measures. */
  runs(): Map<string, ParentOrderRun> {
    return new Map([...this.running].map(([id, r]) => [id, r.run]));
  }

  /** Resolves when every parent being worked now has finished and been saved (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.done));
    await this.writes;
  }

  /** Stops working (parents left 'working' become 'interrupted' at the next start) and closes the file. */
  dispose(): void {
    this.disposed = true;
    for (const r of this.running.values()) r.job.cancelled = true;
    const close = () => {
      try {
        this.opened?.close();
      } catch {
        // already closed
      }
      this.opened = null;
    };
    if (this.running.size === 0) close();
    else void this.writes.then(close, close);
  }

  private async work(store: OrderStore, run: ParentOrderRun, job: Job, record: (s: ParentStatus, err?: string | null) => ParentOrderRecord): Promise<void> {
    let steps = 0;
    let lastSave = performance.now();
    let status: ParentStatus = 'done';
    let error: string | null = null;
    try {
      while (!run.step(40)) {
        steps++;
        job.report(run.progress(), steps);
        await new Promise<void>((r) => setImmediate(r));
        if (this.disposed) return;
        // The job's Cancel (progress bar, job.cancel) cancels the parent like orders.cancel: the
        // run stops placing children, cancels the working ones and drains for their acknowledgements.
        if (job.cancelled && !run.cancelled) run.cancel();
        if (performance.now() - lastSave > SAVE_EVERY_MS) {
          lastSave = performance.now();
          await this.save(store, record('working')).catch(() => undefined);
        }
      }
      if (run.cancelled) status = 'cancelled';
    } catch (e) {
      status = 'failed';
      error = e instanceof Error ? e.message : String(e);
    }
    this.jobs.end(job, steps);
    if (this.disposed) return;
    await this.save(store, record(status, error)).catch(() => undefined);
  }

  private save(store: OrderStore, rec: ParentOrderRecord): Promise<void> {
    const p = this.writes.then(() => store.saveParent(rec));
    this.writes = p.catch(() => undefined);
    return p.catch((e: unknown) => {
      throw storeEngineError(e);
    });
  }

  private openStore(): Promise<OrderStore> {
    if (!this.store) {
      const file = join(this.dataDir, ORDERS_DB_FILE);
      this.store = Promise.resolve()
        .then(() => mkdirSync(this.dataDir, { recursive: true }))
        .then(() => OrderStore.open(file)).then((s) => {
        if (this.disposed) {
          s.close();
          throw new EngineError('state', 'The engine is shutting down');
        }
        this.opened = s;
        return s;
      });
      // A failed open is retried on the next command (the file may have been moved away).
      this.store.catch(() => {
        this.store = null;
      });
    }
    return this.store.catch((e: unknown) => {
      throw storeEngineError(e);
    });
  }

  private pathFactory(t: OrderTicketParsed): (withOrders: boolean) => PathSim {
    const src = t.source;
    if (src.kind === 'scenario') {
      if (!(PRESET_NAMES as readonly string[]).includes(src.name)) {
        throw new EngineError('validation', `Unknown scenario "${src.name}" (choose one of ${PRESET_NAMES.join(', ')})`, 'source.name');
      }
      return () => scenarioPath(src.name, src.durationSec, src.seed, false);
    }
    const s = listSamples(this.samplesDir).find((x) => x.id === src.id);
    if (!s) throw new EngineError('not-found', `No bundled sample "${src.id}"`, 'source.id');
    const rp = this.replayPath;
    if (!rp) throw new EngineError('state', 'Orders on a real day are not available in this build');
    return (withOrders) => rp(s.files, src.seed, true, withOrders);
  }
}

/** Checks that need the market: notional at the arrival price and the limit price's band (the pre-trade gate's words). */
function marketIssues(t: OrderTicketParsed, m: PathModel, inst: PathSim['instrument'], L: ReturnType<typeof ticketLimits>, restricted: readonly string[] = []): OrderIssue[] {
  const out: OrderIssue[] = [];
  if (restricted.includes(inst.symbol)) out.push({ field: 'source', message: `Symbol ${inst.symbol} is on the restricted list (Risk settings).` });
  const arr = m.arrivalPriceUnits;
  if (arr === null) {
    out.push({ field: 'startSec', message: `No two-sided market at the start ${t.startSec} s (no arrival price).` });
    return out;
  }
  const px = t.limitPriceUnits ?? arr;
  const notional = (px / 10 ** inst.priceDecimals) * (t.quantity / 10 ** inst.sizeDecimals);
  if (Number.isFinite(notional) && notional > L.maxOrderNotional) {
    out.push({ field: 'quantity', message: `Notional ${fmtInt(notional)} exceeds max notional ${fmtInt(L.maxOrderNotional)} (Risk settings).` });
  }
  if (t.limitPriceUnits !== undefined && L.priceBandBps > 0) {
    // The gate's price collar is two-sided: |limit − reference| / reference (main/risk).
    const away = (Math.abs(t.limitPriceUnits - arr) / arr) * 10_000;
    if (away > L.priceBandBps) {
      const f = (u: number) => (u / 10 ** inst.priceDecimals).toFixed(inst.priceDecimals);
      out.push({
        field: 'limitPriceUnits',
        message: `Limit price ${f(t.limitPriceUnits)} is ${away.toFixed(0)} bp from the mid ${f(Math.round(arr))}, beyond the price collar of ${L.priceBandBps} bp (Risk settings).`,
      });
    }
  }
  return out;
}

function issuesError(issues: readonly OrderIssue[]): EngineError {
  return new EngineError('validation', issues.map((i) => i.message).join(' '), issues[0]!.field);
}

function storeEngineError(e: unknown): unknown {
  if (e instanceof StoreError) return new EngineError(e.reason === 'not-found' ? 'not-found' : 'internal', e.message);
  return e;
}
