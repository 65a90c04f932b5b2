import type { ErrorInfo, EventPayload, ServerMessage } from '../../main/contract/index.js';
import type { EngineLink } from '../engine/engine-link.js';
import type { EngineRestart } from '../engine/supervised-engine-link.js';
import { validateRequest } from './validate-request.js';

/** Where a relay client's answers and events go (a WebSocket, a webContents...). */
export interface RelaySink {
  send(msg: ServerMessage): void;
}

/** One connected client of the relay. */
export interface RelayClient {
  /** Handles a message the client sent (already JSON-parsed, otherwise untrusted). */
  receive(raw: unknown): void;
  /** Forgets the client; answers still in flight are dropped. */
  disconnect(): void;
}

interface Pending {
  readonly sink: RelaySink;
  readonly clientId: number;
}

/** Most requests one client may have in flight; protects the engine from a runaway client. */
export const MAX_IN_FLIGHT_PER_CLIENT = 1024;

/**
 * Multiplexes many clients onto one engine. Client request ids are rewritten to unique
 * engine-side ids and mapped back, so two clients may both use id 1; responses go only to the
 * client that asked; events go to every client. Only validated requests (parsed arguments, not
 * the client's raw value) reach the engine.
 * Invariants: every request gets exactly one response, even if the engine dies or is restarted;
 * nothing a client sends and nothing the engine answers can throw out of the relay (each message
 * boundary catches and answers).
 */
export class EngineRelay {
  private readonly sinks = new Set<RelaySink>();
  private readonly pending = new Map<number, Pending>();
  private readonly inFlight = new Map<RelaySink, number>();
  private nextEngineId = 1;
  private stoppedReason: string | null = null;
  /** Jobs the engine reported and has not finished, so a restart can end them in every UI. */
  private readonly openJobs = new Map<string, EventPayload<'job.progress'>>();
  private lastReplay: EventPayload<'replay.state'> | null = null;

  constructor(private readonly link: EngineLink & { onRestart?(listener: (info: EngineRestart) => void): void }) {
    link.onMessage((msg) => this.guarded(() => this.fromEngine(msg)));
    link.onExit((reason) => this.guarded(() => this.engineStopped(reason)));
    link.onRestart?.((info) => this.guarded(() => this.engineRestarted(info)));
  }

  connect(sink: RelaySink): RelayClient {
    this.sinks.add(sink);
    this.inFlight.set(sink, 0);
    return {
      receive: (raw) =>
        this.guarded(
          () => this.fromClient(sink, raw),
          (err) => this.answer(sink, -1, { code: 'internal', message: `The host could not handle this message: ${errorText(err)}` }),
        ),
      disconnect: () => {
        this.sinks.delete(sink);
        this.inFlight.delete(sink);
        for (const [engineId, p] of this.pending) if (p.sink === sink) this.pending.delete(engineId);
      },
    };
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.sinks.size;
  }

  private fromClient(sink: RelaySink, raw: unknown): void {
    const check = validateRequest(raw);
    if (!check.ok) return this.answer(sink, check.id, check.error);
    const { request } = check;
    if (this.stoppedReason) return this.answer(sink, request.id, { code: 'internal', message: this.stoppedReason });
    const count = this.inFlight.get(sink) ?? 0;
    if (count >= MAX_IN_FLIGHT_PER_CLIENT) {
      return this.answer(sink, request.id, { code: 'state', message: `Too many requests in flight (${count}); wait for answers first` });
    }
    const engineId = this.nextEngineId++;
    try {
      this.link.post({ ...request, id: engineId });
    } catch (err) {
      // E.g. a value structured clone cannot carry: this request fails, the engine never saw it.
      return this.answer(sink, request.id, { code: 'internal', message: `Could not send ${request.command} to the engine: ${errorText(err)}` });
    }
    this.pending.set(engineId, { sink, clientId: request.id });
    this.inFlight.set(sink, count + 1);
  }

  private fromEngine(msg: ServerMessage): void {
    if (msg.kind === 'event') {
      if (msg.name === 'job.progress') {
        if (msg.payload.done) this.openJobs.delete(msg.payload.jobId);
        else this.openJobs.set(msg.payload.jobId, msg.payload);
      } else if (msg.name === 'replay.state') {
        this.lastReplay = msg.payload;
      }
      return this.broadcast(msg);
    }
    const p = this.pending.get(msg.id);
    if (!p) return; // its client left, or the engine answered something it was never asked
    this.pending.delete(msg.id);
    this.settled(p.sink);
    p.sink.send({ ...msg, id: p.clientId });
  }

  private engineStopped(reason: string): void {
    this.stoppedReason = reason;
    console.error(`Slipstream engine stopped: ${reason}`);
    const error: ErrorInfo = { code: 'internal', message: reason };
    this.failPending(error);
    this.broadcast({ kind: 'event', name: 'engine.error', payload: error });
  }

  /** The engine died and a fresh one runs: what was in flight is lost, so it is answered now. */
  private engineRestarted(info: EngineRestart): void {
    console.error(`Slipstream engine stopped (${info.reason}); started a new one (restart ${info.restarts})`);
    const failed = this.failPending({
      code: 'internal',
      message: `The engine stopped (${info.reason}) and was restarted; this request was lost, please run it again`,
    });
    this.broadcast({ kind: 'event', name: 'engine.restarted', payload: { reason: info.reason, restarts: info.restarts, failedRequests: failed } });
    // What the UI shows of the dead engine's state is ended in the contract's own events: its
    // jobs stopped unfinished, and the new engine has no replay session.
    for (const job of this.openJobs.values()) this.broadcast({ kind: 'event', name: 'job.progress', payload: { ...job, done: true, cancelled: true, etaSec: null } });
    this.openJobs.clear();
    if (this.lastReplay && this.lastReplay.state !== 'empty') {
      this.lastReplay = { sessionId: null, state: 'empty', speed: this.lastReplay.speed, eventIndex: 0, totalEvents: 0 };
      this.broadcast({ kind: 'event', name: 'replay.state', payload: this.lastReplay });
    }
  }

  private failPending(error: ErrorInfo): number {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      this.settled(p.sink);
      this.guarded(() => this.answer(p.sink, p.clientId, error));
    }
    return all.length;
  }

  private broadcast(msg: ServerMessage): void {
    for (const sink of this.sinks) this.guarded(() => sink.send(msg));
  }

  /** Runs one message's work; an exception is reported (never thrown into a transport's event loop). */
  private guarded(fn: () => void, onError: (err: unknown) => void = (err) => console.error(`Slipstream relay: ${errorText(err)}`)): void {
    try {
      fn();
    } catch (err) {
      try {
        onError(err);
      } catch (again) {
        console.error(`Slipstream relay: ${errorText(again)}`);
      }
    }
  }

  private settled(sink: RelaySink): void {
    const n = this.inFlight.get(sink);
    if (n !== undefined) this.inFlight.set(sink, Math.max(0, n - 1));
  }

  private answer(sink: RelaySink, id: number, error: ErrorInfo): void {
    sink.send({ kind: 'response', id, ok: false, error });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
