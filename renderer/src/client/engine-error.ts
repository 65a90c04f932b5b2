import type { ErrorInfo } from '../../../main/contract/schemas.js';

/**
 * What every client's `request` rejects with: the engine's error in its own words plus the
 * command that failed, so the UI can show it where the action was taken and copy the details.
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    readonly info: ErrorInfo,
    readonly command?: string,
    readonly args?: unknown,
  ) {
    super(info.message);
  }

  /** Multi-line text for "Copy details". */
  details(): string {
    return errorDetails(this.info, this.command, this.args);
  }
}

const CODES: ReadonlySet<string> = new Set(['validation', 'not-found', 'data-format', 'state', 'cancelled', 'internal']);

/** True when `v` looks like an `ErrorInfo` (e.g. rejected across the Electron bridge). */
export function isErrorInfo(v: unknown): v is ErrorInfo {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.message === 'string' && typeof o.code === 'string' && CODES.has(o.code);
}

/** Normalizes anything thrown by a transport into an `EngineError`, keeping the engine's words. */
export function toEngineError(err: unknown, command?: string, args?: unknown): EngineError {
  if (err instanceof EngineError) return err;
  if (isErrorInfo(err)) return new EngineError(err, command, args);
  if (typeof err === 'object' && err !== null) {
    const o = err as Record<string, unknown>;
    if (isErrorInfo(o.info)) return new EngineError(o.info, command, args);
    if (isErrorInfo(o.error)) return new EngineError(o.error, command, args);
    if (typeof o.message === 'string') {
      // Electron prefixes remote errors with "Error invoking remote method '…': Error: ".
      const m = /^Error invoking remote method '[^']*': (?:\w*Error: )?([\s\S]*)$/.exec(o.message);
      const text = m ? m[1]! : o.message;
      try {
        const parsed: unknown = JSON.parse(text);
        if (isErrorInfo(parsed)) return new EngineError(parsed, command, args);
      } catch {
        /* not JSON: keep the text */
      }
      return new EngineError({ code: 'internal', message: text }, command, args);
    }
  }
  return new EngineError({ code: 'internal', message: String(err) }, command, args);
}

/** The text "Copy details" puts on the clipboard. */
export function errorDetails(info: ErrorInfo, command?: string, args?: unknown): string {
  const lines = [`${info.code}: ${info.message}`];
  if (info.field) lines.push(`field: ${info.field}`);
  if (command) lines.push(`command: ${command}`);
  if (args !== undefined) lines.push(`args: ${safeJson(args)}`);
  if (info.details) lines.push('', info.details);
  return lines.join('\n');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
