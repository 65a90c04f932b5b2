import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { SignalsTrainArgs, SignalsTrainResult } from '../../../main/contract/signals.js';
import { toEngineError } from '../client/engine-error.js';
import type { AppState, AreaError, JobProgress } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';
import { readSignalsForm, type SignalsForm } from './signals-model.js';

/** A finished training as the screen shows it: what was asked and what came back. */
export interface SignalsRun {
  readonly args: SignalsTrainArgs;
  readonly result: SignalsTrainResult;
  /** The data's name as the user chose it (sample label or file name). */
  readonly sourceLabel: string;
}

/**
 * The Signals screen's state. Invariants: `running` is true from the request until its answer;
 * `jobsBefore` lists the jobs already running when it began (the run's own job is any other);
 * `run` is the last finished training (kept when the screen is left, replaced only by a new one).
 */
export interface SignalsState {
  readonly form: SignalsForm;
  readonly running: boolean;
  readonly jobsBefore: readonly string[];
  readonly run: SignalsRun | null;
  readonly error: AreaError | null;
  readonly notice: string | null;
}

/** The job to show for the run in flight: the newest job that was not running when it began. */
export function signalsJob(jobs: Readonly<Record<string, JobProgress>>, jobsBefore: readonly string[]): JobProgress | null {
  const fresh = Object.values(jobs).filter((j) => !jobsBefore.includes(j.jobId));
  return fresh.at(-1) ?? null;
}

/**
 * Signals actions: edit the form, train (`signals.train`), cancel (`job.cancel`). Never throws; an
 * engine refusal is kept in `error` in the engine's words, a cancel becomes a notice.
 */
export class SignalsController {
  readonly store: Store<SignalsState>;

  constructor(private readonly api: SlipstreamApi, private readonly app: Store<AppState>) {
    this.store = createStore<SignalsState>({
      form: { source: '', files: '', model: 'logreg', horizon: '50', folds: '4', seed: '1', feature: 'imbalance1' },
      running: false, jobsBefore: [], run: null, error: null, notice: null,
    });
  }

  setForm(patch: Partial<SignalsForm>): void {
    this.store.setState((s) => ({ form: { ...s.form, ...patch } }));
  }

  /** The source to preselect: the form's, else the first bundled sample. */
  defaultSource(): string {
    const f = this.store.getState().form;
    if (f.source) return f.source;
    const first = this.app.getState().samples?.[0];
    return first ? `sample:${first.id}` : 'files';
  }

  /** The engine-side paths of the files open in the Market screen (none for a sample). */
  openFiles(): readonly string[] | undefined {
    return this.app.getState().source?.files;
  }

  /** Trains with the form's settings; nothing while a run is in flight or the form is invalid. */
  async train(): Promise<void> {
    const st = this.store.getState();
    if (st.running) return;
    const form = { ...st.form, source: this.defaultSource() };
    const { args } = readSignalsForm(form, this.openFiles());
    if (!args) return;
    this.store.setState({ running: true, error: null, notice: null, jobsBefore: Object.keys(this.app.getState().jobs), form });
    try {
      const result = await this.api.request('signals.train', args);
      const sample = args.source.kind === 'sample' ? this.app.getState().samples?.find((x) => x.id === (args.source as { id: string }).id)?.label : undefined;
      this.store.setState({ running: false, run: { args, result, sourceLabel: sample ?? result.label } });
    } catch (err) {
      const e = toEngineError(err, 'signals.train', args);
      if (e.info.code === 'cancelled') this.store.setState({ running: false, notice: 'Training cancelled; the previous result (if any) is still shown.' });
      else this.store.setState({ running: false, error: { info: e.info, command: e.command, args: e.args, atMs: Date.now() } });
    }
  }

  /** Asks the engine to cancel the run's job. */
  async cancel(jobId: string): Promise<void> {
    try {
      await this.api.request('job.cancel', { jobId });
    } catch (err) {
      const e = toEngineError(err, 'job.cancel', { jobId });
      this.store.setState({ error: { info: e.info, command: e.command, args: e.args, atMs: Date.now() } });
    }
  }

  dismissError(): void {
    this.store.setState({ error: null });
  }
}

const controllers = new WeakMap<object, SignalsController>();

/**
 * The one SignalsController of an app controller, made on first use, so the last result outlives
 * the screen (a result stays reachable after the screen is left) without a field on the shell's
 * Controller.
 */
export function signalsControllerFor(owner: { api: SlipstreamApi; app: Store<AppState> }): SignalsController {
  let c = controllers.get(owner);
  if (!c) {
    c = new SignalsController(owner.api, owner.app);
    controllers.set(owner, c);
  }
  return c;
}
