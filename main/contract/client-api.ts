import type { CommandArgs, CommandName, CommandResult } from './commands.js';
import type { EventName, EventPayload } from './events.js';

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
}

/** The untyped shape the Electron preload actually exposes (contextBridge cannot carry generics). */
export interface PreloadBridge {
  readonly platform: 'electron';
  request(command: string, args: unknown): Promise<unknown>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  pickFiles(): Promise<string[] | null>;
}
