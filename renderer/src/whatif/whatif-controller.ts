import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { CommandResult } from '../../../main/contract/commands.js';
import type { WhatIfArgs, WhatIfResult } from '../../../main/contract/whatif.js';
import { toEngineError } from '../client/engine-error.js';
import type { AppState, AreaError, JobProgress } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';
import { pathStartNs } from './chart-model.js';
import { clampIndex, initialReplayIndex } from './replay-model.js';
import { ALGORITHM_LABELS, DEFAULT_FORM, argsKey, newSeed, resetForm, sourceLabel, validateWhatIf, type SourceFile, type WhatIfFormValues } from './whatif-form.js';

/** A named scenario of the agent-based market. */
export type ScenarioInfo = CommandResult<'whatif.listScenarios'>[number];

/** A finished run, kept in the store so it stays reachable after leaving the screen. */
export interface WhatIfRun {
  /** The arguments sent (the result answers exactly these). */
  readonly args: WhatIfArgs;
  readonly result: WhatIfResult;
  /** "TWAP", "Passive" or "Market" (the blotter's strategy column). */
  readonly strategy: string;
  /** "calm · 60 s", the sample's label, or "2 files". */
  readonly sourceLabel: string;
  /** Whether an earlier run with identical arguments produced the same event-log hash; null when there was none. */
  readonly matchesPrevious: boolean | null;
  /** 1, 2, 3… in this session. */
  readonly runNo: number;
}

/** The What-if screen's state. Survives screen changes; cleared only by a new run. */
export interface WhatIfState {
  readonly form: WhatIfFormValues;
  readonly scenarios: readonly ScenarioInfo[] | null;
  readonly scenariosError: AreaError | null;
  readonly running: boolean;
  /** Ids of jobs already running when the run began (the run's own job is any other). */
  readonly jobsBefore: readonly string[];
  /** The run on screen (the newest unless an earlier one was picked from the history). */
  readonly run: WhatIfRun | null;
  /** This session's runs, newest first (at most `HISTORY_MAX`). */
  readonly history: readonly WhatIfRun[];
  /** The last run's (or upload's) error, shown next to the Run button in the engine's words. */
  readonly error: AreaError | null;
  /** A quiet note such as "Run cancelled." */
  readonly notice: string | null;
  readonly uploading: boolean;
  /** The snapshot shown in the replay ladder. */
  readonly replayIndex: number;
  readonly playing: boolean;
  /** The last event-log hash seen for each distinct set of arguments (determinism check). */
  readonly hashes: Readonly<Record<string, string>>;
}

/** How many finished runs stay reachable. */
export const HISTORY_MAX = 8;

/** Options for `WhatIfController`. */
export interface WhatIfControllerOptions {
  readonly api: SlipstreamApi;
  readonly app: Store<AppState>;
  /** Uploads a browser file and returns the engine-side path (the Market screen's upload path). */
  readonly uploader?: (file: File) => Promise<string>;
  /** Milliseconds between snapshots while playing. */
  readonly playIntervalMs?: number;
}

/** The job to show for a run: the newest job that was not already running when it began. */
export function runJob(jobs: Readonly<Record<string, JobProgress>>, jobsBefore: readonly string[]): JobProgress | null {
  const fresh = Object.values(jobs).filter((j) => !jobsBefore.includes(j.jobId));
  return fresh.length > 0 ? fresh[fresh.length - 1]! : null;
}

/**
 * The What-if screen's actions: list scenarios, edit the setup, run (`whatif.run`), cancel
 * (`job.cancel`), attach data files, and step or play through the run's snapshots. Components
 * call these and subscribe to `store`. Invariant: a failed command records its error and never throws.
 */
export class WhatIfController {
  readonly store: Store<WhatIfState>;
  private readonly api: SlipstreamApi;
  private readonly app: Store<AppState>;
  private readonly uploader: ((file: File) => Promise<string>) | undefined;
  private readonly playIntervalMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private runSeq = 0;

  constructor(opts: WhatIfControllerOptions) {
    this.api = opts.api;
    this.app = opts.app;
    this.uploader = opts.uploader;
    this.playIntervalMs = opts.playIntervalMs ?? 120;
    this.store = createStore<WhatIfState>({
      form: DEFAULT_FORM,
      scenarios: null,
      scenariosError: null,
      running: false,
      jobsBefore: [],
      run: null,
      history: [],
      error: null,
      notice: null,
      uploading: false,
      replayIndex: 0,
      playing: false,
      hashes: {},
    });
  }

  /** Fetches the scenario list (once, or again with `force`), choosing "calm" or the first as the default. */
  async loadScenarios(force = false): Promise<void> {
    if (this.store.getState().scenarios !== null && !force) return;
    try {
      const list = await this.api.request('whatif.listScenarios', {});
      this.store.setState((s) => {
        const keep = list.some((x) => x.name === s.form.scenario);
        const pick = keep ? s.form.scenario : (list.find((x) => x.name === 'calm') ?? list[0])?.name ?? '';
        return { scenarios: list, scenariosError: null, form: { ...s.form, scenario: pick } };
      });
    } catch (err) {
      const e = toEngineError(err, 'whatif.listScenarios', {});
      this.store.setState({ scenariosError: { info: e.info, command: e.command, args: e.args, atMs: Date.now() } });
    }
  }

  /** Changes form fields; choosing "Real day" picks the first sample when none is chosen. */
  setForm(patch: Partial<WhatIfFormValues>): void {
    this.store.setState((s) => {
      const form = { ...s.form, ...patch };
      if (form.sourceKind === 'sample' && !form.sampleId) {
        const first = this.app.getState().samples?.[0];
        if (first) return { form: { ...form, sampleId: first.id } };
      }
      return { form };
    });
  }

  /** Escape: the order and seed back to their defaults (the source stays). */
  resetForm(): void {
    this.store.setState((s) => ({ form: resetForm(s.form) }));
  }

  /** A new random seed. */
  newSeed(): void {
    this.setForm({ seed: String(newSeed()) });
  }

  /** Runs the what-if for the current form; does nothing while a run is in flight or the form is invalid. */
  async run(): Promise<void> {
    const st = this.store.getState();
    if (st.running) return;
    const { args } = validateWhatIf(st.form);
    if (!args) return;
    this.pause();
    this.store.setState({ running: true, error: null, notice: null, jobsBefore: Object.keys(this.app.getState().jobs) });
    try {
      const result = await this.api.request('whatif.run', args);
      const key = argsKey(args);
      const sample = args.source.kind === 'sample' ? this.app.getState().samples?.find((x) => x.id === (args.source as { id: string }).id)?.label : undefined;
      this.store.setState((s) => {
        const prev = s.hashes[key];
        const run: WhatIfRun = {
          args,
          result,
          strategy: ALGORITHM_LABELS[args.order.algorithm],
          sourceLabel: sourceLabel(args.source, sample),
          matchesPrevious: prev === undefined ? null : prev === result.summary.eventLogHash,
          runNo: ++this.runSeq,
        };
        const t0 = pathStartNs(result);
        return {
          running: false,
          run,
          history: [run, ...s.history].slice(0, HISTORY_MAX),
          replayIndex: initialReplayIndex(result.snapshots, t0 === null ? null : t0 + args.order.startSec * 1e9),
          playing: false,
          hashes: { ...s.hashes, [key]: result.summary.eventLogHash },
        };
      });
    } catch (err) {
      const e = toEngineError(err, 'whatif.run', args);
      if (e.info.code === 'cancelled') this.store.setState({ running: false, notice: 'Run cancelled.' });
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

  /** Shows an earlier run from the history again. */
  selectRun(runNo: number): void {
    const run = this.store.getState().history.find((r) => r.runNo === runNo);
    if (!run || run === this.store.getState().run) return;
    this.pause();
    const t0 = pathStartNs(run.result);
    this.store.setState({ run, replayIndex: initialReplayIndex(run.result.snapshots, t0 === null ? null : t0 + run.args.order.startSec * 1e9) });
  }

  dismissError(): void {
    this.store.setState({ error: null, notice: null });
  }

  /** Browser: uploads up to four files through the host and uses their engine-side paths as the source. */
  async attachFiles(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    const uploader = this.uploader;
    if (!uploader) {
      this.store.setState({ error: { info: { code: 'state', message: 'File upload is not available in this host' }, command: 'upload', atMs: Date.now() } });
      return;
    }
    this.store.setState({ uploading: true, error: null });
    try {
      const paths = await Promise.all(files.map((f) => uploader(f)));
      const picked: SourceFile[] = files.map((f, i) => ({ name: f.name, path: paths[i]! }));
      this.store.setState({ uploading: false });
      this.setForm({ sourceKind: 'files', files: picked });
    } catch (err) {
      const e = toEngineError(err, 'upload');
      this.store.setState({ uploading: false, error: { info: e.info, command: e.command, args: e.args, atMs: Date.now() } });
    }
  }

  /** Electron: the native picker; the paths are already on the engine's machine. */
  async pickFiles(): Promise<void> {
    const paths = await this.api.pickFiles?.();
    if (!paths || paths.length === 0) return;
    this.setForm({ sourceKind: 'files', files: paths.map((p) => ({ name: p.split(/[\\/]/).pop() ?? p, path: p })) });
  }

  // ---- replay of the run's snapshots --------------------------------------------------------

  private get snapshotCount(): number {
    return this.store.getState().run?.result.snapshots.length ?? 0;
  }

  /** Shows snapshot `index` (clamped). */
  setReplayIndex(index: number): void {
    this.store.setState({ replayIndex: clampIndex(index, this.snapshotCount) });
  }

  /** Steps `delta` snapshots and pauses. */
  step(delta: number): void {
    this.pause();
    this.setReplayIndex(this.store.getState().replayIndex + delta);
  }

  /** Space: plays through the snapshots (from the start when at the end) or pauses. */
  togglePlay(): void {
    if (this.store.getState().playing) {
      this.pause();
      return;
    }
    const n = this.snapshotCount;
    if (n < 2) return;
    if (this.store.getState().replayIndex >= n - 1) this.setReplayIndex(0);
    this.store.setState({ playing: true });
    this.timer = setInterval(() => {
      const i = this.store.getState().replayIndex;
      if (i >= this.snapshotCount - 1) this.pause();
      else this.setReplayIndex(i + 1);
    }, this.playIntervalMs);
  }

  pause(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.store.getState().playing) this.store.setState({ playing: false });
  }
}
