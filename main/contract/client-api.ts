import type { CommandArgs, CommandName, CommandResult } from './commands.js';
import type { EventName, EventPayload } from './events.js';
import type { FixSessionsApi } from './fix-sessions.js';
import type { RiskLimits } from './risk.js';
import type { TfBackendPreference } from './tf-backend.js';

/**
 * The user's settings, owned by the host (electron-store in Electron, `conf` in the headless
 * host) and validated there against `app/settings/settings-schema.ts`, which must stay in step
 * with this type (a compile-time check there fails if they drift).
 */
export interface AppSettings {
  theme: 'dark' | 'light';
  /** Panel sizes in px by panel id (resizable splitters). */
  panelSizes: Record<string, number>;
  /** Most recently opened data files, newest first (absolute paths on the engine's machine). */
  lastOpenedFiles: string[];
  /** Replay speed multiplier, or 'max'. */
  replaySpeed: number | 'max';
  /** AG Grid column state (`api.getColumnState()`) by grid id. */
  gridColumnStates: Record<string, Array<{ colId: string; [key: string]: unknown }>>;
  /** The pre-trade risk limits the host pushes to the engine (at start, after a restart, on change); absent = the engine's defaults. */
  riskLimits?: RiskLimits;
  /** The engine's TensorFlow.js backend: `auto` (absent) = the best present; a name forces it (applies at the engine's next start). */
  tfBackend?: TfBackendPreference;
  /** The agent model chosen on each screen (`tca.agent.N`, `ticket`, `whatif`): its folder on the engine's machine; absent = the shipped agent. */
  modelChoices?: Record<string, string>;
}

/** Application-menu actions the renderer carries out itself (it owns the UI state they touch). */
export type MenuAction = 'open-data-file';

/**
 * What the renderer talks to, whatever the host. In Electron the preload exposes exactly this
 * object as `window.slipstream`; in a browser the WebSocket client implements it.
 * Invariant: `request` rejects with an `EngineError` (message = the engine's own words) and never
 * resolves with an error object.
 */
export interface SlipstreamApi {
  readonly platform: 'electron' | 'browser';
  request<N extends CommandName>(command: N, args: CommandArgs<N>): Promise<CommandResult<N>>;
  onEvent(listener: <N extends EventName>(name: N, payload: EventPayload<N>) => void): () => void;
  /** Native file dialog (Electron). Returns absolute paths on the engine's machine, or null if cancelled. Absent in the browser, which uploads instead. */
  pickFiles?(): Promise<string[] | null>;
  /** Native folder dialog (Electron): a model folder's absolute path, granted to the engine, or null if cancelled. Absent in the browser, which uploads the folder instead. */
  pickFolder?(): Promise<string | null>;
  /** The host's stored settings (Electron: IPC; browser: `GET /api/settings?token=`). */
  getSettings?(): Promise<AppSettings>;
  /** Validates and merges `patch` into the stored settings; resolves with the full result. Rejects naming the offending field, storing nothing. */
  setSettings?(patch: Partial<AppSettings>): Promise<AppSettings>;
  /** Application-menu actions (Electron only); returns an unsubscribe function. */
  onMenu?(listener: (action: MenuAction) => void): () => void;
}

/**
 * The untyped shape the Electron preload actually exposes (contextBridge cannot carry generics).
 * `request` rejects with the engine's `ErrorInfo` as a plain object, because contextBridge
 * strips every property of a rejected `Error` except its message.
 */
export interface PreloadBridge {
  readonly platform: 'electron';
  request(command: string, args: unknown): Promise<unknown>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  pickFiles(): Promise<string[] | null>;
  /** Same as `SlipstreamApi.pickFolder` (absent in an older preload). */
  pickFolder?(): Promise<string | null>;
  /** Same as `SlipstreamApi.getSettings`. */
  getSettings?(): Promise<AppSettings>;
  /** Same as `SlipstreamApi.setSettings`; rejects with an `ErrorInfo` (code 'validation', `field` set). */
  setSettings?(patch: Partial<AppSettings>): Promise<AppSettings>;
  /** Same as `SlipstreamApi.onMenu`. */
  onMenu?(listener: (action: MenuAction) => void): () => void;
  /** FIX sessions stored by the host (passwords sealed there, never returned); rejects with a `FixSessionsError`. */
  fixSessions?: FixSessionsApi;
}
