import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { CommandArgs, CommandResult } from '../../../main/contract/commands.js';
import type { EventName, EventPayload } from '../../../main/contract/events.js';
import { toEngineError } from '../client/engine-error.js';
import type { AreaError } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';
import { addProgress, curvesOf, emptyCurves, readTrainForm, TRAIN_PRESETS, type JobCurves, type TrainForm } from './training-model.js';

/** A job of this engine session as the screen shows it. */
export type TrainJob = CommandResult<'train.list'>[number];
/** A stored run of the training-run registry. */
export type TrainRun = CommandResult<'train.runs'>[number];

/** A job's latest progress: steps done of total, rate and time left (null while unknown). */
export interface JobLive {
  readonly steps: number;
  readonly totalSteps: number;
  readonly stepsPerSec: number | null;
  readonly etaSec: number | null;
  readonly metrics: Readonly<Record<string, number | null>>;
}

/**
 * The Training screen's state. Invariants: `jobs` is keyed by jobId in start order and follows
 * `train.progress` / `train.finished`; `curves[jobId]` only grows while the job runs; `selected`
 * names a job (or null); `compare` holds registry run ids ticked for comparison.
 */
export interface TrainingState {
  readonly form: TrainForm;
  readonly jobs: Readonly<Record<string, TrainJob>>;
  readonly live: Readonly<Record<string, JobLive>>;
  readonly curves: Readonly<Record<string, JobCurves>>;
  readonly selected: string | null;
  readonly runs: readonly TrainRun[];
  readonly compare: readonly string[];
  /** Curves of the compared runs by run id (null: stored without curves); absent while loading. */
  readonly compareCurves: Readonly<Record<string, JobCurves | null>>;
  /** What the curves panel shows: the selected job's curves, or the ticked runs overlaid. */
  readonly view: 'job' | 'compare';
  readonly starting: boolean;
  readonly error: AreaError | null;
  /** The last promotion's outcome in words (null: none yet). */
  readonly notice: string | null;
}

/**
 * Training actions: start a run from a preset, follow its progress, stop it, list and compare the
 * stored runs, promote one into the model registry. Never throws; an engine refusal is kept in
 * `error` in the engine's words. The state outlives the screen (a run keeps going when it is left).
 */
export class TrainingController {
  readonly store: Store<TrainingState>;
  /** What each job of this session was started with, so a stopped one can be resumed with the same. */
  private readonly startArgs = new Map<string, CommandArgs<'train.start'>>();

  constructor(private readonly api: SlipstreamApi) {
    this.store = createStore<TrainingState>({
      form: { presetId: TRAIN_PRESETS[0]!.id, steps: String(TRAIN_PRESETS[0]!.steps), seed: '1' },
      jobs: {}, live: {}, curves: {}, selected: null, runs: [], compare: [], compareCurves: {}, view: 'job', starting: false, error: null, notice: null,
    });
  }

  /** The session's jobs and the stored runs (on entering the screen, and after a restart). */
  async refresh(): Promise<void> {
    await Promise.all([
      this.api.request('train.list', {}).then((list) => {
        const s = this.store.getState();
        const jobs: Record<string, TrainJob> = {};
        for (const j of list) jobs[j.jobId] = j;
        this.store.setState({ jobs, selected: s.selected && jobs[s.selected] ? s.selected : (list.at(-1)?.jobId ?? null) });
      }, (e) => this.fail(e, 'train.list')),
      this.refreshRuns(),
    ]);
  }

  async refreshRuns(): Promise<void> {
    try {
      const runs = await this.api.request('train.runs', {});
      this.store.setState({ runs, compare: this.store.getState().compare.filter((id) => runs.some((r) => r.id === id)) });
    } catch (e) {
      this.fail(e, 'train.runs');
    }
  }

  onEvent<N extends EventName>(name: N, payload: EventPayload<N>): void {
    if (name === 'train.progress') {
      const p = payload as EventPayload<'train.progress'>;
      const s = this.store.getState();
      const job = s.jobs[p.jobId];
      const m = p.metrics;
      this.store.setState({
        live: { ...s.live, [p.jobId]: { steps: p.steps, totalSteps: p.totalSteps, stepsPerSec: m.stepsPerSec ?? null, etaSec: m.etaSec ?? null, metrics: m } },
        curves: { ...s.curves, [p.jobId]: addProgress(s.curves[p.jobId] ?? emptyCurves(), p.steps, m, p.validation) },
        ...(job ? { jobs: { ...s.jobs, [p.jobId]: { ...job, stepsDone: p.steps } } } : {}),
      });
    } else if (name === 'train.finished') {
      const f = payload as EventPayload<'train.finished'>;
      const { metrics: _m, ...summary } = f;
      const s = this.store.getState();
      // The run's final evaluation and validation against TWAP close its curves: progress events carry only the periodic ones.
      const c = s.curves[f.jobId] ?? emptyCurves();
      const curves = addProgress(c, f.stepsDone, { evalMeanReturn: f.metrics.evalMeanReturn ?? null }, f.validation ?? null);
      this.store.setState({ jobs: { ...s.jobs, [f.jobId]: summary }, curves: { ...s.curves, [f.jobId]: curves } });
      void this.refreshRuns();
    } else if (name === 'engine.restarted') void this.refresh();
  }

  setForm(patch: Partial<TrainForm>): void {
    const s = this.store.getState();
    const form = { ...s.form, ...patch };
    // A new preset brings its own step budget.
    if (patch.presetId && patch.presetId !== s.form.presetId && patch.steps === undefined) {
      form.steps = String(TRAIN_PRESETS.find((p) => p.id === patch.presetId)?.steps ?? form.steps);
    }
    this.store.setState({ form });
  }

  /** Starts a run from the form; refused locally while the form has errors. */
  async start(): Promise<void> {
    const { args } = readTrainForm(this.store.getState().form);
    if (args) await this.launch(args);
  }

  /** Whether a job can be resumed: stopped, and started by this screen (its arguments are known). */
  canResume(jobId: string): boolean {
    return this.store.getState().jobs[jobId]?.status === 'cancelled' && this.startArgs.has(jobId);
  }

  /** Continues a stopped job from its latest checkpoint, as a new job with the same arguments. */
  async resume(jobId: string): Promise<void> {
    const args = this.startArgs.get(jobId);
    if (args) await this.launch({ ...args, resumeJobId: jobId });
  }

  private async launch(args: CommandArgs<'train.start'>): Promise<void> {
    if (this.store.getState().starting) return;
    this.store.setState({ starting: true, error: null });
    try {
      const r = await this.api.request('train.start', args);
      const { resumeJobId: _r, ...plain } = args;
      this.startArgs.set(r.jobId, plain);
      const s = this.store.getState();
      const job: TrainJob = {
        jobId: r.jobId, algo: args.algo, env: args.env, steps: args.steps, seed: args.seed, status: 'running', stepsDone: 0, outDir: r.outDir,
        weightsSha256: null, runId: null, error: null,
      };
      // A finished event may already have arrived (a tiny run): keep what it said.
      this.store.setState({ jobs: { ...s.jobs, [r.jobId]: s.jobs[r.jobId] ?? job }, selected: r.jobId, starting: false });
    } catch (e) {
      this.store.setState({ starting: false });
      this.fail(e, 'train.start', args);
    }
  }

  async cancel(jobId: string): Promise<void> {
    try {
      await this.api.request('train.cancel', { jobId });
    } catch (e) {
      this.fail(e, 'train.cancel', { jobId });
    }
  }

  select(jobId: string): void {
    this.store.setState({ selected: jobId, view: 'job' });
  }

  /** Shows the selected job's curves or the ticked runs overlaid. */
  setView(view: 'job' | 'compare'): void {
    this.store.setState({ view });
  }

  /** Ticks / unticks a stored run for comparison; a newly ticked run's curves are fetched (`train.curves`). */
  async toggleCompare(runId: string): Promise<void> {
    const c = this.store.getState().compare;
    if (c.includes(runId)) {
      const compare = c.filter((x) => x !== runId);
      this.store.setState({ compare, ...(compare.length === 0 ? { view: 'job' as const } : {}) });
      return;
    }
    this.store.setState({ compare: [...c, runId], view: 'compare' });
    if (runId in this.store.getState().compareCurves) return;
    try {
      const [r] = await this.api.request('train.curves', { runIds: [runId] });
      const s = this.store.getState();
      this.store.setState({ compareCurves: { ...s.compareCurves, [runId]: r?.curves ? curvesOf(r.curves) : null } });
    } catch (e) {
      this.fail(e, 'train.curves', { runIds: [runId] });
    }
  }

  /** Copies a stored run into the model registry under `name`. */
  async promote(runId: string, name: string): Promise<boolean> {
    this.store.setState({ error: null, notice: null });
    try {
      const m = await this.api.request('models.promote', { runId, name });
      this.store.setState({ notice: `Run ${runId.slice(0, 8)} promoted as model "${m.name}" (Models screen).` });
      return true;
    } catch (e) {
      this.fail(e, 'models.promote', { runId, name });
      return false;
    }
  }

  dismissError(): void {
    this.store.setState({ error: null });
  }

  private fail(e: unknown, command: string, args?: unknown): void {
    const err = toEngineError(e, command, args);
    this.store.setState({ error: { info: err.info, command, args, atMs: Date.now() } });
  }
}
