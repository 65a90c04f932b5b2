import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { BacktestArgs, BacktestExport, BacktestExportArgs, BacktestOrderDetail, BacktestOrderDetailArgs, BacktestResult } from '../../../main/contract/backtest.js';
import { toEngineError } from '../client/engine-error.js';
import type { AppState, AreaError } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';
import { DEFAULT_TCA_FORM, MAX_AGENT_ROWS, resetTcaForm, validateTca, type TcaAgentRow, type TcaFormValues } from './tca-form.js';

/** A finished backtest with the arguments sent. */
export interface TcaRun {
  readonly args: BacktestArgs;
  readonly result: BacktestResult;
  readonly runNo: number;
}

/** The drill-down into one parent order: loading, then its detail or the engine's error. */
export interface TcaDetail {
  /** The outcomes-grid row id (strategy|pathId). */
  readonly rowId: string;
  readonly args: BacktestOrderDetailArgs;
  readonly loading: boolean;
  readonly result: BacktestOrderDetail | null;
  readonly error: AreaError | null;
}

/** The TCA screen's state; lives in the shell controller, so results survive leaving the screen. */
export interface TcaState {
  readonly form: TcaFormValues;
  readonly running: boolean;
  readonly jobsBefore: readonly string[];
  readonly run: TcaRun | null;
  readonly error: AreaError | null;
  readonly notice: string | null;
  readonly detail: TcaDetail | null;
  /** How the last Run ended; 'failed' / 'cancelled' leave the previous results on screen, marked stale. */
  readonly lastAttempt: 'completed' | 'failed' | 'cancelled' | null;
  /** The export being prepared, if any. */
  readonly exporting: BacktestExportArgs['format'] | null;
}

/** Whether the shown results answer a different setup than the form's now, or a later Run failed or was cancelled. */
export function isStale(run: TcaRun | null, formArgs: BacktestArgs | null, lastAttempt: TcaState['lastAttempt']): boolean {
  if (!run) return false;
  if (lastAttempt === 'failed' || lastAttempt === 'cancelled') return true;
  return formArgs === null || JSON.stringify(formArgs) !== JSON.stringify(run.args);
}

/** The TCA screen's actions: edit the setup, run `backtest.run`, cancel its job, export the results. Never throws. */
export class TcaController {
  readonly store: Store<TcaState>;
  private runSeq = 0;

  constructor(private readonly api: SlipstreamApi, private readonly app: Store<AppState>) {
    this.store = createStore<TcaState>({ form: DEFAULT_TCA_FORM, running: false, jobsBefore: [], run: null, error: null, notice: null, detail: null, lastAttempt: null, exporting: null });
  }

  setForm(patch: Partial<TcaFormValues>): void {
    this.store.setState((s) => {
      const form = { ...s.form, ...patch };
      if (form.sourceKind === 'sample' && !form.sampleId) {
        const first = this.app.getState().samples?.[0];
        if (first) return { form: { ...form, sampleId: first.id } };
      }
      return { form };
    });
  }

  /** Agent row `i` takes the model its picker resolved (a choice, a restored one or the default). */
  setAgentRow(i: number, row: TcaAgentRow): void {
    this.store.setState((s) => {
      const cur = s.form.agents[i];
      if (!cur || (cur.path === row.path && cur.name === row.name)) return {};
      return { form: { ...s.form, agents: s.form.agents.map((r, j) => (j === i ? row : r)) } };
    });
  }

  /** Sets the number of agent rows (1 … MAX_AGENT_ROWS): new rows start on the shipped agent, removed ones are dropped from the end. */
  setAgentCount(n: number): void {
    const k = Math.max(1, Math.min(MAX_AGENT_ROWS, n));
    this.store.setState((s) => ({
      form: { ...s.form, agents: Array.from({ length: k }, (_, i) => s.form.agents[i] ?? DEFAULT_TCA_FORM.agents[0]!) },
    }));
  }

  resetForm(): void {
    this.store.setState((s) => ({ form: resetTcaForm(s.form) }));
  }

  async run(): Promise<void> {
    const st = this.store.getState();
    if (st.running) return;
    const { args } = validateTca(st.form);
    if (!args) return;
    this.store.setState({ running: true, error: null, notice: null, jobsBefore: Object.keys(this.app.getState().jobs) });
    try {
      const result = await this.api.request('backtest.run', args);
      this.store.setState({ running: false, run: { args, result, runNo: ++this.runSeq }, detail: null, lastAttempt: 'completed' });
    } catch (err) {
      const e = toEngineError(err, 'backtest.run', args);
      if (e.info.code === 'cancelled') this.store.setState({ running: false, notice: 'Backtest cancelled.', lastAttempt: 'cancelled' });
      else this.store.setState({ running: false, lastAttempt: 'failed', error: { info: e.info, command: e.command, args: e.args, atMs: Date.now() } });
    }
  }

  /**
   * Exports the shown backtest's per-order results (`backtest.export`: CSV and JSON as the CLI
   * writes them, or Parquet) and hands the file to `save` (the browser's download). Never throws.
   */
  async exportRun(format: BacktestExportArgs['format'], save: (file: BacktestExport) => void): Promise<void> {
    const run = this.store.getState().run;
    if (!run || this.store.getState().exporting) return;
    const args = { runId: run.result.runId, format };
    this.store.setState({ exporting: format, notice: null });
    try {
      const file = await this.api.request('backtest.export', args);
      save(file);
      this.store.setState({ exporting: null, notice: `Exported ${file.rows} parent orders to ${file.fileName}.` });
    } catch (err) {
      const e = toEngineError(err, 'backtest.export', args);
      this.store.setState({ exporting: null, error: { info: e.info, command: e.command, args: e.args, atMs: Date.now() } });
    }
  }

  async cancel(jobId: string): Promise<void> {
    try {
      await this.api.request('job.cancel', { jobId });
    } catch (err) {
      const e = toEngineError(err, 'job.cancel', { jobId });
      this.store.setState({ error: { info: e.info, command: e.command, args: e.args, atMs: Date.now() } });
    }
  }

  /** Opens the drill-down of one parent order (re-run by the engine); a newer request wins. */
  async openDetail(rowId: string, args: BacktestOrderDetailArgs): Promise<void> {
    const cur = this.store.getState().detail;
    if (cur && cur.rowId === rowId && cur.args.runId === args.runId && (cur.loading || cur.result)) return;
    this.store.setState({ detail: { rowId, args, loading: true, result: null, error: null } });
    const still = () => this.store.getState().detail?.rowId === rowId && this.store.getState().detail?.args.runId === args.runId;
    try {
      const result = await this.api.request('backtest.orderDetail', args);
      if (still()) this.store.setState({ detail: { rowId, args, loading: false, result, error: null } });
    } catch (err) {
      const e = toEngineError(err, 'backtest.orderDetail', args);
      if (still()) this.store.setState({ detail: { rowId, args, loading: false, result: null, error: { info: e.info, command: e.command, args: e.args, atMs: Date.now() } } });
    }
  }

  closeDetail(): void {
    this.store.setState({ detail: null });
  }

  dismissError(): void {
    this.store.setState({ error: null, notice: null });
  }
}
