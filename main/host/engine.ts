import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Amendment, OrderTicketParsed } from '../contract/orders.js';
import { Commands, RequestSchema, type CommandName, type ErrorInfo, type EventName, type EventPayload, type ServerMessage } from '../contract/index.js';
import { selectTfBackendOrBest, type TfBackendPreference } from '../learning/tf-backend.js';
import { BrowserGpuJobs } from '../learning/tf-backend-browser-jobs.js';
import { checkGpuJob, type GpuTrainJob } from '../contract/gpu-compute.js';
import { EngineError } from './engine-error.js';
import { FileAccess, UPLOADS_FOLDER } from './file-access.js';
import { dataErrorMessage } from './file-access-excerpt.js';
import { DataFormatError } from '../market/readers/reader.js';
import { JobRegistry } from './job-registry.js';
import { ReplayController } from './replay-controller.js';
import { listSamples } from './samples.js';
import { listScenarios, runWhatIf } from './what-if-handler.js';
import { runBacktestCommand } from './backtest-handler.js';
import { BacktestMemory, runOrderDetail } from './backtest-detail.js';
import { exportBacktest } from './backtest-export.js';
import { replayPath } from '../execution/what-if/replay-path.js';
import { OrdersService } from './orders-handler.js';
import { KillSwitch } from '../risk/kill-switch.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../risk/risk-limits.js';
import { RiskUsageMeter } from './risk-usage.js';
import { PostureAudit, RISK_AUDIT_FILE } from './risk-models-audit.js';
import { SimPostureModel } from './risk-models-sim.js';
import type { PostureChangeWire } from '../contract/risk-models.js';
import { TrainJobs } from '../learning/train-worker/train-jobs.js';
import { findNativeModelsDir, inspectModelFolder, ModelRegistry, readTrainingRuns, USER_MODELS_FOLDER } from './models-handler.js';
import { SupervisionService } from './supervision.js';
import { runSignalsTrain } from './signals-handler.js';
import { FixSessions } from './fix-sessions.js';

/** Where and how the engine runs; reported by `engine.hello`. */
export interface EngineOptions {
  readonly host: 'electron' | 'headless' | 'in-process';
  readonly engineThread: 'utility-process' | 'worker-thread' | 'in-process';
  /** Folder holding the bundled sample data (assets/sample). */
  readonly samplesDir: string;
  /** Folder for results, uploads and the database. */
  readonly dataDir: string;
  /** Folders whose files a client may open by path (the headless host's configured data folders); see file-access.ts. */
  readonly dataFolders?: readonly string[];
  /** The TensorFlow.js backend setting (`auto` when absent); a forced one that is absent falls back to the best, and hello says so. */
  readonly tfBackend?: TfBackendPreference;
}

type Handlers = { [N in CommandName]: (args: any) => Promise<unknown> | unknown };

export const ENGINE_VERSION = '0.1.0';

/** Backtests from the UI use both cores, like the CLI (worker threads of the engine's thread). */
const BACKTEST_WORKERS = Math.min(2, availableParallelism());

/**
 * The engine's single entry point: takes raw messages from any transport, validates them
 * against the contract, runs the command and sends exactly one response per request, plus events.
 * Invariant: `handle` never throws; bad input becomes a `validation` error naming the field, and
 * a failing command becomes an error response in the engine's own words.
 */
export class Engine {
  private readonly startedAtMs = Date.now();
  private readonly jobs: JobRegistry;
  private readonly replay: ReplayController;
  private readonly handlers: Handlers;
  /** Parent orders of the Order ticket (persisted in `<dataDir>/orders.duckdb`). */
  readonly orders: OrdersService;
  /** Kill switches (global and per parent order) that every parent order's child orders obey. */
  readonly killSwitch = new KillSwitch();
  /** The risk limits tickets and new parent orders are checked against (`risk.setLimits`). */
  private riskLimits: RiskLimits = DEFAULT_RISK_LIMITS;
  /** Live use of the limits by the working parents, and the recent gate denials (`risk.usage`). */
  private readonly riskUsage = new RiskUsageMeter();
  /** Which data files commands may open: only those the user chose (file-access.ts). */
  private readonly files: FileAccess;
  private runSeq = 0;
  /** GPU training jobs handed to browser compute pages (`gpu.*`; renderer/src/compute/README.md). */
  private readonly gpuJobs = new BrowserGpuJobs();
  /** The last backtests' configs, so `backtest.orderDetail` can re-run any of their parent orders. */
  private readonly backtests = new BacktestMemory();
  /** Training jobs, each in its own worker thread; runs stored in `<dataDir>/training-runs.duckdb`, models under `<dataDir>/models/`. */
  private readonly training: TrainJobs;
  /** Shipped and user models (`models.*`), the user's under `<dataDir>/model-registry/`. */
  private readonly models: ModelRegistry;
  /** The risk models' posture changes, audited (`<dataDir>/risk-audit.log`) before they are emitted. */
  private readonly postureAudit: PostureAudit;
  /** Supervision of the parents being worked (`supervision.*`): pause, resume, fallback to TWAP, live state. */
  private readonly supervision: SupervisionService;
  /** Live FIX sessions (`fix.*`), each with its audit log and session store under `<dataDir>/fix/`. */
  private readonly fix: FixSessions;

  constructor(
    readonly options: EngineOptions,
    private readonly send: (msg: ServerMessage) => void,
  ) {
    this.postureAudit = new PostureAudit(join(options.dataDir, RISK_AUDIT_FILE));
    const emit = <N extends EventName>(name: N, payload: EventPayload<N>) => {
      if (name === 'risk.posture') this.postureAudit.record(payload as PostureChangeWire);
      this.send({ kind: 'event', name, payload } as ServerMessage);
    };
    this.jobs = new JobRegistry((p) => emit('job.progress', p));
    this.replay = new ReplayController(emit, this.jobs);
    // Each ticket's parent runs the live risk models on its path: its posture tightens the ticket's max participation (never loosens it).
    const postureModel = (parentId: string, t: OrderTicketParsed) =>
      new SimPostureModel({ agent: parentId, bounds: { maxParticipation: t.maxParticipation, aggressiveness: 1 }, onPosture: (c) => emit('risk.posture', { ...c, reasons: [...c.reasons] }) });
    this.orders = new OrdersService(options.dataDir, options.samplesDir, this.jobs, replayPath, this.killSwitch, () => this.riskLimits, postureModel);
    this.killSwitch.subscribe(() => emit('risk.killSwitch', this.killSwitch.state()));
    this.training = new TrainJobs({
      modelsDir: join(options.dataDir, 'models'),
      newId: () => randomUUID().slice(0, 8),
      onProgress: (p) => emit('train.progress', p),
      onFinished: (s) => emit('train.finished', s),
      // Jobs with a browser backend (webgpu, webgl, browser-cpu) go to the compute pages' queue.
      browserQueue: this.gpuJobs,
      record: async (rec) => {
        const { TrainingRunStore } = await import('../store/training-runs.js');
        const store = await TrainingRunStore.open(join(options.dataDir, 'training-runs.duckdb'));
        try {
          return await store.save(rec);
        } finally {
          store.close();
        }
      },
    });
    this.supervision = new SupervisionService(() => this.orders.runs(), () => this.fix.supervised());
    this.fix = new FixSessions(options.dataDir, {
      onState: (st) => emit('fix.session', st), onDrift: (d) => emit('fix.drift', d), limits: () => this.riskLimits, killSwitch: this.killSwitch, models: () => this.models.list(),
      checkModelFolder: (dir) => this.files.checkFolder(dir, 'agentModel'),
    });
    const runsDb = join(options.dataDir, 'training-runs.duckdb');
    const nativeModels = findNativeModelsDir();
    this.models = new ModelRegistry({ nativeDir: nativeModels, userDir: join(options.dataDir, USER_MODELS_FOLDER), runs: () => readTrainingRuns(runsDb) });
    this.files = new FileAccess({
      samplesDir: options.samplesDir, uploadsDir: join(options.dataDir, UPLOADS_FOLDER), dataFolders: options.dataFolders,
      modelFolders: [...(nativeModels ? [nativeModels] : []), join(options.dataDir, USER_MODELS_FOLDER)],
    });
    // A model folder named by a command (an agent's) is one the user chose, checked like data files.
    const modelDir = (dir: string | undefined, field: string): { agentModel?: string } => (dir === undefined ? {} : { agentModel: this.files.checkFolder(dir, field) });
    const checkedTicket = <T extends { agentModel?: string | undefined }>(t: T): T => ({ ...t, ...modelDir(t.agentModel, 'ticket.agentModel') });
    // Every command that takes file paths checks them here, before its handler sees them.
    const checkedSource = <S extends { kind: string; files?: string[] }>(src: S): S =>
      src.kind === 'files' && src.files ? { ...src, files: this.files.check(src.files, 'source.files') } : src;
    this.handlers = {
      'engine.hello': async () => ({
        version: ENGINE_VERSION,
        host: options.host,
        engineThread: options.engineThread,
        tfBackend: (await selectTfBackendOrBest(options.tfBackend)).label,
        startedAtMs: this.startedAtMs,
      }),
      'market.listSamples': () => listSamples(options.samplesDir),
      'market.open': (a: { files: string[]; format?: any; levels?: number }) => this.replay.open(this.files.check(a.files, 'files'), a.format, a.levels),
      'market.openSample': (a: { id: string }) => {
        const sample = listSamples(options.samplesDir).find((s) => s.id === a.id);
        if (!sample) throw new EngineError('not-found', `No bundled sample "${a.id}"`, 'id');
        return this.replay.open(sample.files, sample.format);
      },
      'replay.play': (a: { speed?: number | 'max' }) => (this.replay.play(a.speed), { ok: true }),
      'replay.pause': () => (this.replay.pause(), { ok: true }),
      'replay.setSpeed': (a: { speed: number | 'max' }) => (this.replay.setSpeed(a.speed), { ok: true }),
      'replay.seek': (a: { eventIndex?: number; fraction?: number }) => ({ eventIndex: this.replay.seek(a.eventIndex, a.fraction) }),
      'replay.step': (a: { events: number }) => ({ eventIndex: this.replay.step(a.events) }),
      'job.cancel': (a: { jobId: string }) => ({ cancelled: this.jobs.cancel(a.jobId) }),
      'whatif.listScenarios': () => listScenarios(),
      'whatif.run': (a) => runWhatIf({ ...a, source: checkedSource(a.source), order: { ...a.order, ...modelDir(a.order.agentModel, 'order.agentModel') } }, this.jobs, options.samplesDir, replayPath, `w${++this.runSeq}`),
      'backtest.run': (a) => runBacktestCommand({
        ...a, source: checkedSource(a.source), ...modelDir(a.agentModel, 'agentModel'),
        ...(a.agents ? { agents: a.agents.map((x: { model: string; name: string }, i: number) => ({ ...x, model: this.files.checkFolder(x.model, `agents.${i}.model`) })) } : {}),
      }, this.jobs, options.samplesDir, `b${++this.runSeq}`, BACKTEST_WORKERS, this.backtests, join(options.dataDir, 'runs.duckdb')),
      'backtest.orderDetail': (a) => runOrderDetail(a, this.backtests, this.jobs),
      'backtest.export': (a) => exportBacktest(a, this.backtests),
      'orders.preview': (a: { ticket: OrderTicketParsed }) => this.orders.preview(checkedTicket(a.ticket)),
      'orders.submit': (a: { ticket: OrderTicketParsed }) => this.orders.submit(checkedTicket(a.ticket)),
      'orders.list': () => this.orders.list(),
      'orders.cancel': (a: { parentId: string }) => this.orders.cancel(a.parentId),
      'risk.setKillSwitch': (a: { scope: 'global' | { agent: string }; on: boolean }) => this.killSwitch.set(a.scope, a.on),
      'risk.getKillSwitch': () => this.killSwitch.state(),
      'risk.getLimits': () => this.riskLimits,
      'risk.usage': () => this.riskUsage.measure(this.orders.runs(), this.riskLimits, this.fix.supervised()),
      'risk.setLimits': (a: { limits: RiskLimits }) => {
        this.riskLimits = Object.freeze({ ...a.limits });
        emit('risk.limits', this.riskLimits);
        return this.riskLimits;
      },
      'orders.amend': (a: { parentId: string; changes: Amendment }) => this.orders.amend(a.parentId, a.changes),
      'train.start': (a) => {
        const data = a.data ? this.files.check(a.data, 'data') : undefined;
        const { resumeJobId, ...request } = a as typeof a & { resumeJobId?: string };
        // Only a job of this session can be resumed: its folder is the engine's own, never a client's path.
        const resumeFrom = resumeJobId === undefined ? undefined : this.training.list().find((j) => j.jobId === resumeJobId)?.outDir;
        if (resumeJobId !== undefined && resumeFrom === undefined) throw new EngineError('not-found', `No training job "${resumeJobId}" in this engine session to resume`, 'resumeJobId');
        try {
          const { jobId, outDir } = this.training.start({ ...request, data }, resumeFrom);
          return { jobId, outDir };
        } catch (e) {
          throw new EngineError('data-format', e instanceof Error ? e.message : String(e), 'data');
        }
      },
      'train.cancel': (a: { jobId: string }) => ({ cancelled: this.training.cancel(a.jobId) }),
      'train.list': () => this.training.list(),
      'train.runs': () => readTrainingRuns(runsDb),
      'train.curves': async (a: { runIds: string[] }) => {
        const { readTrainingRunCurves } = await import('../store/training-runs.js');
        try {
          return await readTrainingRunCurves(runsDb, a.runIds);
        } catch (e) {
          if ((e as { reason?: unknown }).reason === 'not-found') throw new EngineError('not-found', (e as Error).message, 'runIds');
          throw e;
        }
      },
      'models.list': () => this.models.list(),
      'models.inspect': (a: { path: string }) => inspectModelFolder(this.files.checkFolder(a.path, 'path'), 'path', this.models),
      'supervision.state': () => this.supervision.state(),
      'supervision.pause': (a: { parentId: string }) => this.supervision.pause(a.parentId),
      'supervision.resume': (a: { parentId: string }) => this.supervision.resume(a.parentId),
      'supervision.fallback': (a: { parentId: string }) => this.supervision.fallback(a.parentId),
      'supervision.kill': (a: { parentId: string }) => this.supervision.kill(a.parentId),
      // The host put the stored session (with its password) in `start`; only the state goes back.
      'fix.connect': (a) => this.fix.connect(a.start, a.sessionId, a.instrument),
      'fix.disconnect': (a: { sessionId: string }) => this.fix.disconnect(a.sessionId),
      'fix.sessions': () => this.fix.list(),
      'fix.work': (a) => this.fix.work(a.md.kind === 'file' ? { ...a, md: { ...a.md, files: this.files.check(a.md.files, 'md.files') } } : a),
      'fix.drift': () => this.fix.drift(),
      'models.delete': (a: { id: string }) => this.models.delete(a.id),
      'models.promote': (a: { runId: string; name: string }) => this.models.promote(a.runId, a.name),
      'gpu.run': async (a: { job: unknown; timeoutSec: number }) => {
        let job: GpuTrainJob;
        try {
          job = checkGpuJob(a.job);
        } catch (e) {
          throw new EngineError('validation', e instanceof Error ? e.message : String(e), 'job');
        }
        const handle = this.jobs.start(`GPU training ${job.jobId}`, 'steps/s');
        let steps = 0;
        try {
          const result = await this.gpuJobs.run(job, handle, a.timeoutSec);
          steps = result.losses.length;
          return result;
        } finally {
          this.jobs.end(handle, steps);
        }
      },
      'signals.train': (a) => runSignalsTrain({ ...a, source: a.source.kind === 'files' ? { kind: 'files', files: this.files.check(a.source.files, 'source.files') } : a.source }, this.jobs, options.samplesDir, options.dataDir, `s${++this.runSeq}`),
      'gpu.nextJob': async (a: { waitSec: number }) => ({ job: await this.gpuJobs.nextJob(a.waitSec) }),
      'gpu.jobProgress': (a) => this.gpuJobs.progress(a),
      'gpu.jobDone': (a) => ({ ok: this.gpuJobs.done(a.jobId, a) }),
    };
  }

  handle(raw: unknown): void {
    const req = RequestSchema.safeParse(raw);
    if (!req.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      const issue = req.error.issues[0];
      const field = issue?.path.join('.') || 'message';
      this.reply(id, { code: 'validation', message: `Invalid message: ${field}: ${issue?.message}`, field });
      return;
    }
    const { id, command, args } = req.data;
    if (!Object.hasOwn(Commands, command)) {
      this.reply(id, { code: 'validation', message: `Unknown command "${command}"`, field: 'command' });
      return;
    }
    const name = command as CommandName;
    const parsed = Commands[name].args.safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'args';
      this.reply(id, { code: 'validation', message: `${name}: ${field}: ${issue.message}`, field });
      return;
    }
    Promise.resolve()
      .then(() => this.handlers[name](parsed.data))
      .then(
        (result) => this.send({ kind: 'response', id, ok: true, result }),
        (err: unknown) => this.reply(id, toErrorInfo(err)),
      );
  }

  /** Lets commands open these files: the user picked them in the native dialog (Electron host). */
  grantFiles(files: readonly string[]): void {
    this.files.grant(files);
  }

  dispose(): void {
    this.gpuJobs.dispose();
    this.training.dispose();
    this.replay.dispose();
    this.orders.dispose();
    this.fix.dispose();
    this.postureAudit.close();
  }

  private reply(id: number, error: ErrorInfo): void {
    this.send({ kind: 'response', id, ok: false, error });
  }
}

function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof EngineError) return { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
  // A data error quotes only a short excerpt and the file's name, never a stack.
  if (err instanceof DataFormatError) return { code: 'data-format', message: dataErrorMessage(err) };
  const e = err instanceof Error ? err : new Error(String(err));
  return { code: 'internal', message: e.message, details: e.stack };
}
