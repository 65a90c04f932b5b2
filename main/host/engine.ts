import { Commands, RequestSchema, type CommandName, type ErrorInfo, type ServerMessage } from '../contract/index.js';

/** Where and how the engine runs; reported by `engine.hello`. */
export interface EngineOptions {
  readonly host: 'electron' | 'headless' | 'in-process';
  readonly engineThread: 'utility-process' | 'worker-thread' | 'in-process';
  /** Folder holding the bundled sample data (assets/sample). */
  readonly samplesDir: string;
  /** Folder for results, uploads and the database. */
  readonly dataDir: string;
}

type Handler = (args: any) => Promise<unknown> | unknown;

/**
 * The engine's single entry point: takes raw messages from any transport, validates them
 * against the contract, runs the command and sends exactly one response per request.
 * Invariant: `handle` never throws; bad input becomes a `validation` error naming the field.
 */
export class Engine {
  private readonly handlers: Partial<Record<CommandName, Handler>> = {};
  private readonly startedAtMs = Date.now();

  constructor(
    readonly options: EngineOptions,
    private readonly send: (msg: ServerMessage) => void,
  ) {
    this.handlers['engine.hello'] = () => ({
      version: '0.1.0',
      host: options.host,
      engineThread: options.engineThread,
      tfBackend: 'none',
      startedAtMs: this.startedAtMs,
    });
  }

  handle(raw: unknown): void {
    const req = RequestSchema.safeParse(raw);
    if (!req.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      const issue = req.error.issues[0];
      this.reply(id, { code: 'validation', message: `Invalid message: ${issue?.path.join('.') || 'message'}: ${issue?.message}`, field: issue?.path.join('.') });
      return;
    }
    const { id, command, args } = req.data;
    if (!(command in Commands)) {
      this.reply(id, { code: 'validation', message: `Unknown command "${command}"`, field: 'command' });
      return;
    }
    // Placeholder: the full dispatcher is written in this file later.
    const handler = this.handlers[command as CommandName];
    if (!handler) {
      this.reply(id, { code: 'state', message: `Command "${command}" is not available yet` });
      return;
    }
    Promise.resolve().then(() => handler(args)).then(
      (result) => this.send({ kind: 'response', id, ok: true, result }),
      (err: unknown) => this.reply(id, { code: 'internal', message: err instanceof Error ? err.message : String(err) }),
    );
  }

  dispose(): void {}

  private reply(id: number, error: ErrorInfo): void {
    this.send({ kind: 'response', id, ok: false, error });
  }
}
