import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { CommandArgs, CommandName, CommandResult } from '../../../main/contract/commands.js';
import type { EventName, EventPayload } from '../../../main/contract/events.js';
import { toEngineError } from '../client/engine-error.js';
import { localSettings, type SettingsBackend, type UiSettings } from '../client/settings.js';
import { applyProgress, createAppStore, type AppState, type ErrorArea, type OpenSession, type ReplaySpeed } from '../store/app-state.js';
import { MarketStore } from '../store/market-store.js';
import type { Store } from '../store/store.js';
import { WhatIfController } from '../whatif/whatif-controller.js';
import { TcaController } from '../tca/tca-controller.js';
import { TicketController } from '../ticket/ticket-controller.js';
import { RiskController } from '../risk/risk-controller.js';
import { TrainingController } from '../training/training-controller.js';
import { ModelsController } from '../models/models-controller.js';
import { AgentsController } from '../agents/agents-controller.js';
import type { ScreenId } from './screens.js';

/** Uploads a browser `File` and returns the engine-side path (browser mode only). */
export type Uploader = (file: File) => Promise<string>;

/** Options for `Controller`. */
export interface ControllerOptions {
  readonly api: SlipstreamApi;
  readonly settings?: SettingsBackend;
  readonly uploader?: Uploader;
  readonly initial?: Partial<AppState>;
  readonly market?: MarketStore;
}

/**
 * The one place UI actions turn into engine commands and engine events turn into state.
 * Components call its methods and subscribe to `app` / `market`; they never talk to the client.
 * Invariant: a failed command records its error in the area it came from and never throws.
 */
export class Controller {
  readonly app: Store<AppState>;
  readonly market: MarketStore;
  /** The What-if screen's state and actions (its last run stays here after the screen is left). */
  readonly whatif: WhatIfController;
  /** The TCA screen's state and actions (its last backtest stays here after the screen is left). */
  readonly tca: TcaController;
  /** The Order ticket's state and actions (its parents and working job stay here after the screen is left). */
  readonly ticket: TicketController;
  /** Risk limits, usage and the kill switch (the status bar shows them on every screen). */
  readonly risk: RiskController;
  /** Training jobs, their curves and the stored runs (a run keeps going when the screen is left). */
  readonly training: TrainingController;
  /** Shipped and user models. */
  readonly models: ModelsController;
  /** Supervised parent orders (agents and algorithms). */
  readonly agents: AgentsController;
  readonly api: SlipstreamApi;
  private readonly settings: SettingsBackend;
  private readonly uploader: Uploader | undefined;
  private unsubscribe: (() => void) | null = null;
  private seekTimer: ReturnType<typeof setTimeout> | null = null;
  private seekPending: number | null = null;
  private seekLastMs = 0;

  constructor(opts: ControllerOptions) {
    this.api = opts.api;
    this.settings = opts.settings ?? localSettings();
    this.uploader = opts.uploader;
    this.app = createAppStore({ settingsBackend: this.settings.kind, ...opts.initial });
    this.market = opts.market ?? new MarketStore();
    this.whatif = new WhatIfController({ api: this.api, app: this.app, uploader: this.uploader });
    this.tca = new TcaController(this.api, this.app);
    this.ticket = new TicketController(this.api, this.app);
    this.risk = new RiskController(this.api);
    this.training = new TrainingController(this.api);
    this.models = new ModelsController(this.api);
    this.agents = new AgentsController(this.api);
  }

  /** Subscribes to engine events and fetches hello, samples and settings. */
  async start(): Promise<void> {
    const offEvents = this.api.onEvent((name, payload) => this.onEvent(name, payload));
    const offMenu = this.api.onMenu?.((action) => {
      if (action === 'open-data-file') {
        this.setScreen('market');
        void this.pickAndOpen();
      }
    });
    this.unsubscribe = () => {
      offEvents();
      offMenu?.();
    };
    const settingsLoad = this.settings.load().then(
      (s) =>
        this.app.setState({
          ...(s.theme ? { theme: s.theme } : {}),
          ...(s.panelSizes ? { panels: s.panelSizes } : {}),
          ...(s.replaySpeed !== undefined ? { speed: s.replaySpeed } : {}),
          ...(s.gridColumnStates ? { gridColumnStates: s.gridColumnStates } : {}),
          ...(s.modelChoices ? { modelChoices: s.modelChoices } : {}),
        }),
      () => undefined,
    );
    this.risk.start();
    await Promise.all([this.refresh(), settingsLoad]);
  }

  /** Asks the engine who it is and which samples it has (at start and after a reconnect). */
  async refresh(): Promise<void> {
    await Promise.all([
      this.command('open', 'engine.hello', {}).then((hello) => hello && this.app.setState({ hello })),
      this.command('open', 'market.listSamples', {}).then((samples) => samples && this.app.setState({ samples })),
    ]);
  }

  stop(): void {
    this.whatif.pause();
    this.ticket.dispose();
    this.risk.dispose();
    this.agents.close();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  // ---- screens, palette, theme -------------------------------------------------------------

  setScreen(screen: ScreenId): void {
    this.app.setState({ screen, paletteOpen: false });
  }

  setPalette(open: boolean): void {
    this.app.setState({ paletteOpen: open });
  }

  setTheme(theme: 'dark' | 'light'): void {
    this.app.setState({ theme });
    this.persist({ theme });
  }

  toggleTheme(): void {
    this.setTheme(this.app.getState().theme === 'dark' ? 'light' : 'dark');
  }

  setPanelSize(id: string, px: number): void {
    this.app.setState((s) => ({ panels: { ...s.panels, [id]: Math.round(px) } }));
    this.persist({ panelSizes: this.app.getState().panels });
  }

  /** Stores a grid's column state (order, width, sort, filters) and persists it with the settings. */
  setGridColumnState(gridId: string, state: AppState['gridColumnStates'][string]): void {
    this.app.setState((s) => ({ gridColumnStates: { ...s.gridColumnStates, [gridId]: state } }));
    this.persist({ gridColumnStates: this.app.getState().gridColumnStates });
  }

  /** Stores the model chosen on a screen (`key`, e.g. `ticket`; null = back to the shipped agent) and persists it with the settings. */
  setModelChoice(key: string, path: string | null): void {
    this.app.setState((s) => {
      const { [key]: _old, ...rest } = s.modelChoices;
      return { modelChoices: path === null ? rest : { ...rest, [key]: path } };
    });
    this.persist({ modelChoices: this.app.getState().modelChoices });
  }

  dismissError(area: ErrorArea): void {
    this.app.setState((s) => {
      const { [area]: _gone, ...rest } = s.errors;
      return { errors: rest };
    });
  }

  // ---- data ---------------------------------------------------------------------------------

  async openSample(id: string): Promise<void> {
    const sample = this.app.getState().samples?.find((s) => s.id === id);
    await this.openWith('market.openSample', { id }, { kind: 'sample', label: sample?.label ?? id });
  }

  /** Opens files chosen in the browser: each is uploaded, then the engine opens the paths. */
  async openBrowserFiles(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    const uploader = this.uploader;
    if (!uploader) {
      this.recordError('open', toEngineError({ code: 'state', message: 'File upload is not available in this host' }));
      return;
    }
    this.beginOpen();
    let paths: string[];
    try {
      paths = await Promise.all(files.map((f) => uploader(f)));
    } catch (err) {
      this.app.setState({ opening: false });
      this.recordError('open', toEngineError(err, 'upload'));
      return;
    }
    await this.openWith('market.open', { files: paths }, { kind: 'file', label: files.map((f) => f.name).join(', '), files: paths }, true);
  }

  /** Electron: native picker, then open the chosen paths. */
  async pickAndOpen(): Promise<void> {
    const paths = await this.api.pickFiles?.();
    if (!paths || paths.length === 0) return;
    const label = paths.map((p) => p.split(/[\\/]/).pop() ?? p).join(', ');
    await this.openWith('market.open', { files: paths }, { kind: 'file', label, files: paths });
  }

  async cancelJob(jobId: string): Promise<void> {
    await this.command(this.app.getState().lastArea, 'job.cancel', { jobId });
  }

  // ---- replay -------------------------------------------------------------------------------

  async play(): Promise<void> {
    const { replay, speed } = this.app.getState();
    if (replay?.state === 'ended') await this.command('replay', 'replay.seek', { eventIndex: 0 });
    await this.command('replay', 'replay.play', { speed });
  }

  async pause(): Promise<void> {
    await this.command('replay', 'replay.pause', {});
  }

  async togglePlay(): Promise<void> {
    const st = this.app.getState().replay?.state;
    if (st === 'playing') await this.pause();
    else if (st === 'ready' || st === 'paused' || st === 'ended') await this.play();
  }

  async setSpeed(speed: ReplaySpeed): Promise<void> {
    this.app.setState({ speed });
    this.persist({ replaySpeed: speed });
    if (this.app.getState().replay?.state === 'playing') await this.command('replay', 'replay.setSpeed', { speed });
  }

  async step(events: number): Promise<void> {
    const st = this.app.getState().replay?.state;
    if (!st || st === 'empty' || st === 'loading') return;
    await this.command('replay', 'replay.step', { events });
  }

  /** Scrubbing: sends `replay.seek {fraction}` at most every `intervalMs`, always ending on the last position. */
  seekThrottled(fraction: number, intervalMs = 120): void {
    this.seekPending = Math.min(1, Math.max(0, fraction));
    if (this.seekTimer !== null) return;
    const wait = Math.max(0, this.seekLastMs + intervalMs - Date.now());
    this.seekTimer = setTimeout(() => {
      this.seekTimer = null;
      const f = this.seekPending;
      this.seekPending = null;
      this.seekLastMs = Date.now();
      if (f !== null) void this.command('replay', 'replay.seek', { fraction: f });
    }, wait);
  }

  // ---- internals ----------------------------------------------------------------------------

  private beginOpen(): void {
    this.dismissError('open');
    this.app.setState({ opening: true, lastArea: 'open' });
  }

  private async openWith<N extends 'market.open' | 'market.openSample'>(
    command: N,
    args: CommandArgs<N>,
    source: AppState['source'],
    alreadyBegun = false,
  ): Promise<void> {
    if (!alreadyBegun) this.beginOpen();
    const session = (await this.command('open', command, args)) as OpenSession | undefined;
    if (!session) {
      // A failed open leaves the previous session (and its book and chart) in place.
      this.app.setState({ opening: false });
      return;
    }
    // Frames of the new session reset the history themselves; drop a stale book if none came yet.
    this.market.flushNow();
    if (this.market.view.getState().book?.sessionId !== session.sessionId) this.market.clear();
    this.app.setState({ opening: false, session, source });
  }

  private async command<N extends CommandName>(area: ErrorArea, command: N, args: CommandArgs<N>): Promise<CommandResult<N> | undefined> {
    this.app.setState({ lastArea: area });
    try {
      const result = await this.api.request(command, args);
      if (this.app.getState().errors[area]?.command === command) this.dismissError(area);
      return result;
    } catch (err) {
      this.recordError(area, toEngineError(err, String(command), args));
      return undefined;
    }
  }

  private recordError(area: ErrorArea, e: ReturnType<typeof toEngineError>): void {
    if (e.info.code === 'cancelled') return;
    this.app.setState((s) => ({ errors: { ...s.errors, [area]: { info: e.info, command: e.command, args: e.args, atMs: Date.now() } } }));
  }

  private onEvent<N extends EventName>(name: N, payload: EventPayload<N>): void {
    this.risk.onEvent(name, payload);
    this.training.onEvent(name, payload);
    this.models.onEvent(name);
    this.agents.onEvent(name);
    switch (name) {
      case 'market.frame':
        this.market.push(payload as EventPayload<'market.frame'>);
        break;
      case 'replay.state':
        this.app.setState({ replay: payload as EventPayload<'replay.state'> });
        break;
      case 'job.progress':
        this.app.setState((s) => applyProgress(s, payload as EventPayload<'job.progress'>));
        break;
      case 'engine.error': {
        const info = payload as EventPayload<'engine.error'>;
        this.recordError(this.app.getState().lastArea, toEngineError(info));
        break;
      }
    }
  }

  /** Writes a settings change to the local cache (instant next start) and to the host's store. */
  private persist(patch: Partial<UiSettings>): void {
    void localSettings().save(patch);
    if (this.settings.kind === 'local') return;
    this.settings.save(patch).catch((err: unknown) => this.recordError('settings', toEngineError(err, 'settings.save', patch)));
  }
}
