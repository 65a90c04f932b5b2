import type { AppSettings } from '../../../main/contract/client-api.js';
import type { CommandResult } from '../../../main/contract/commands.js';
import type { EventPayload } from '../../../main/contract/events.js';
import type { ErrorInfo } from '../../../main/contract/schemas.js';
import type { ScreenId } from '../shell/screens.js';
import type { ConnectionState } from '../client/ws-client.js';
import { createStore, type Store } from './store.js';

/** `engine.hello`'s answer. */
export type HelloInfo = CommandResult<'engine.hello'>;
/** `market.open`'s answer: the session now loaded. */
export type OpenSession = CommandResult<'market.open'>;
/** One bundled sample. */
export type SampleInfo = CommandResult<'market.listSamples'>[number];
/** `job.progress`'s payload. */
export type JobProgress = EventPayload<'job.progress'>;
/** `replay.state`'s payload. */
export type ReplayState = EventPayload<'replay.state'>;
/** A replay speed: a multiple of real time, or as fast as possible. */
export type ReplaySpeed = number | 'max';
/** The replay speeds offered, in order. */
export const SPEEDS: readonly ReplaySpeed[] = [1, 10, 100, 1000, 'max'];

/** Where an error is shown: the place the action was taken. */
export type ErrorArea = 'open' | 'replay' | 'settings';

/** An error shown in place, with what was being done. */
export interface AreaError {
  readonly info: ErrorInfo;
  readonly command?: string;
  readonly args?: unknown;
  readonly atMs: number;
}

/** The data source connected, as the status bar names it. */
export interface DataSource {
  readonly kind: 'sample' | 'file';
  readonly label: string;
  /** The opened files' paths on the engine's machine (kind 'file'), so other screens (Signals) can use the same data. */
  readonly files?: readonly string[];
}

/** Application-wide state outside the per-frame market data. */
export interface AppState {
  readonly screen: ScreenId;
  readonly paletteOpen: boolean;
  readonly theme: 'dark' | 'light';
  readonly panels: Readonly<Record<string, number>>;
  /** AG Grid column state (order, width, sort, filters) by grid id, persisted in settings. */
  readonly gridColumnStates: AppSettings['gridColumnStates'];
  /** The agent model folder chosen per screen (ModelPicker), persisted in settings. */
  readonly modelChoices: NonNullable<AppSettings['modelChoices']>;
  readonly settingsBackend: 'host' | 'bridge' | 'local';
  readonly connection: ConnectionState;
  readonly hello: HelloInfo | null;
  readonly samples: readonly SampleInfo[] | null;
  /** Jobs still running, by id. */
  readonly jobs: Readonly<Record<string, JobProgress>>;
  /** The most recent job to finish (kept so its result stays reachable). */
  readonly lastJob: JobProgress | null;
  readonly replay: ReplayState | null;
  readonly session: OpenSession | null;
  readonly source: DataSource | null;
  /** True between sending an open command and its answer. */
  readonly opening: boolean;
  readonly speed: ReplaySpeed;
  readonly errors: Readonly<Partial<Record<ErrorArea, AreaError>>>;
  /** Where an unsolicited `engine.error` lands: the area of the last action. */
  readonly lastArea: ErrorArea;
}

/** Creates the app store with defaults. */
export function createAppStore(init: Partial<AppState> = {}): Store<AppState> {
  return createStore<AppState>({
    screen: 'market',
    paletteOpen: false,
    theme: 'dark',
    panels: {},
    gridColumnStates: {},
    modelChoices: {},
    settingsBackend: 'local',
    connection: { status: 'connecting', message: null },
    hello: null,
    samples: null,
    jobs: {},
    lastJob: null,
    replay: null,
    session: null,
    source: null,
    opening: false,
    speed: 1,
    errors: {},
    lastArea: 'open',
    ...init,
  });
}

/** The running job to show (the most recently updated), or null. */
export function activeJob(jobs: Readonly<Record<string, JobProgress>>): JobProgress | null {
  const all = Object.values(jobs);
  return all.length > 0 ? all[all.length - 1]! : null;
}

/** Reduces a `job.progress` event into the job table. */
export function applyProgress(state: Pick<AppState, 'jobs' | 'lastJob'>, p: JobProgress): Pick<AppState, 'jobs' | 'lastJob'> {
  const { [p.jobId]: _old, ...rest } = state.jobs;
  if (p.done || p.cancelled) return { jobs: rest, lastJob: p };
  return { jobs: { ...rest, [p.jobId]: p }, lastJob: state.lastJob };
}
