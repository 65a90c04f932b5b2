import type { Request, ServerMessage } from '../../main/contract/index.js';

/**
 * A host's connection to one running engine, whatever carries it (worker thread,
 * utilityProcess, or a direct call). Invariant: `onExit` fires at most once, and only when the
 * engine stopped without `close()` being called.
 */
export interface EngineLink {
  /** Sends a request that already passed envelope validation. */
  post(msg: Request): void;
  /**
   * Lets the engine open these files (the user picked them in a native dialog); commands may
   * open no other files outside the samples, uploads and configured data folders.
   */
  grantFiles(files: readonly string[]): void;
  /** Sets the single consumer of everything the engine sends. */
  onMessage(listener: (msg: ServerMessage) => void): void;
  /** Sets the callback for an unexpected stop, with the reason in words. */
  onExit(listener: (reason: string) => void): void;
  /** Asks the engine to dispose and stop; resolves when it has (or was forced to). */
  close(): Promise<void>;
  /** Stops the engine abruptly, as a crash would (`onExit` fires). Absent where the engine shares the host's thread. */
  kill?(): void;
}

/** The host-internal message that asks an engine worker to dispose and stop (see engine-worker.ts). */
export const SHUTDOWN = { kind: 'host.shutdown' } as const;

/** The host-internal message that grants the engine files the user picked (see engine-worker.ts). */
export const grantFilesMessage = (files: readonly string[]) => ({ kind: 'host.grantFiles', files: [...files] }) as const;

/** How long a worker gets to dispose before it is terminated. */
export const SHUTDOWN_GRACE_MS = 3000;
