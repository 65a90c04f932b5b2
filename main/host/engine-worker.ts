/**
 * Entry point of the engine when it runs off the UI thread: in an Electron `utilityProcess`
 * (`process.parentPort`) or in a Node `worker_threads` Worker (`parentPort`). It builds the
 * `Engine`, relays every incoming message to `engine.handle` and posts every `ServerMessage`
 * back. Invariant: a bad message never kills this thread; the engine answers it.
 *
 * Options come from `workerData` (worker thread) or from `--host= --engine-thread=
 * --samples-dir= --data-dir= [--tf-backend=]` arguments (utilityProcess, which has no workerData).
 * Host-internal control messages (not part of the contract, never sent by a client: the relay
 * forwards only validated requests): `{ kind: 'host.shutdown' }` disposes the engine and ends the
 * thread/process; `{ kind: 'host.grantFiles', files }` lets commands open files the user picked in
 * the native dialog (see file-access.ts).
 */
import { parentPort as threadPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import type { ServerMessage } from '../contract/index.js';
import { TF_BACKEND_PREFERENCES } from '../contract/tf-backend.js';
import { Engine, type EngineOptions } from './engine.js';

/** The two port flavours, reduced to what this file needs. Electron wraps payloads in `{ data }`. */
interface PortLike {
  on(event: 'message', listener: (msg: unknown) => void): unknown;
  postMessage(msg: unknown): void;
}

/** The message a host sends to stop the engine cleanly. */
export const SHUTDOWN_MESSAGE = { kind: 'host.shutdown' } as const;
/** The kind of the message a host sends with files the user picked: `{ kind, files: string[] }`. */
export const GRANT_FILES_KIND = 'host.grantFiles';

const OptionsSchema = z.object({
  host: z.enum(['electron', 'headless', 'in-process']),
  engineThread: z.enum(['utility-process', 'worker-thread', 'in-process']),
  samplesDir: z.string().min(1),
  dataDir: z.string().min(1),
  dataFolders: z.array(z.string().min(1)).optional(),
  tfBackend: z.enum(TF_BACKEND_PREFERENCES).optional(),
});

/** Reads engine options from workerData (preferred) or `--key=value` arguments. */
export function readEngineOptions(data: unknown, argv: readonly string[], fallbackThread: EngineOptions['engineThread']): EngineOptions {
  const fromArgs: Record<string, unknown> = {};
  const folders: string[] = [];
  for (const arg of argv) {
    const m = /^--(host|engine-thread|samples-dir|data-dir|tf-backend)=(.*)$/s.exec(arg);
    if (m) fromArgs[m[1]!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = m[2]!;
    const f = /^--data-folder=(.+)$/s.exec(arg);
    if (f) folders.push(f[1]!);
  }
  if (folders.length > 0) fromArgs.dataFolders = folders;
  const base = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const parsed = OptionsSchema.safeParse({ engineThread: fallbackThread, ...fromArgs, ...pick(base, ['host', 'engineThread', 'samplesDir', 'dataDir', 'dataFolders', 'tfBackend']) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid engine options: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function isShutdown(msg: unknown): boolean {
  return typeof msg === 'object' && msg !== null && (msg as { kind?: unknown }).kind === SHUTDOWN_MESSAGE.kind;
}

/** The files of a grant message, or null for any other message. */
function grantedFiles(msg: unknown): string[] | null {
  if (typeof msg !== 'object' || msg === null || (msg as { kind?: unknown }).kind !== GRANT_FILES_KIND) return null;
  const files = (msg as { files?: unknown }).files;
  return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
}

/** Wires an engine to a port; exported so the same relay logic is used by both port flavours. */
function serve(port: PortLike, unwrap: (raw: unknown) => unknown, thread: EngineOptions['engineThread']): void {
  const post = (msg: ServerMessage) => {
    try {
      port.postMessage(msg);
    } catch (err) {
      // A result that cannot be structured-cloned must still answer its request.
      if (msg.kind === 'response') {
        port.postMessage({ kind: 'response', id: msg.id, ok: false, error: { code: 'internal', message: `Result could not be sent: ${errorText(err)}` } });
      }
    }
  };

  let engine: Engine;
  try {
    engine = new Engine(readEngineOptions(workerData, process.argv.slice(2), thread), post);
  } catch (err) {
    post({ kind: 'event', name: 'engine.error', payload: { code: 'internal', message: errorText(err) } });
    process.exit(2);
  }

  // A stray rejection inside a handler must not take the engine (and every open session) down.
  process.on('unhandledRejection', (reason) => {
    post({ kind: 'event', name: 'engine.error', payload: { code: 'internal', message: `Unhandled rejection in the engine: ${errorText(reason)}` } });
  });

  port.on('message', (raw) => {
    const msg = unwrap(raw);
    if (isShutdown(msg)) {
      engine.dispose();
      process.exit(0);
    }
    try {
      const granted = grantedFiles(msg);
      if (granted) return engine.grantFiles(granted);
      engine.handle(msg);
    } catch (err) {
      const id = typeof (msg as { id?: unknown } | null)?.id === 'number' ? (msg as { id: number }).id : -1;
      post({ kind: 'response', id, ok: false, error: { code: 'internal', message: errorText(err) } });
    }
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// `process.parentPort` exists only inside an Electron utilityProcess; typed loosely on purpose
// because main/** never imports electron (its typings may or may not be in the program).
const utilityPort = (process as unknown as { parentPort?: PortLike | null }).parentPort;
if (utilityPort) {
  serve(utilityPort, (e) => (e as { data?: unknown } | null)?.data, 'utility-process');
} else if (threadPort) {
  serve(threadPort as PortLike, (m) => m, 'worker-thread');
}
