import type { PostureChangeWire } from '../contract/risk-models.js';
import { AuditLog } from '../store/audit-log.js';

/** The file, in the engine's data folder, that holds the risk models' audited decisions. */
export const RISK_AUDIT_FILE = 'risk-audit.log';

/**
 * Write-ahead audit of the risk models' posture changes: `record` appends the change (kind
 * `risk-decision`, `data.type` = 'posture') to an append-only `AuditLog` BEFORE the engine emits
 * it, so nothing a trader saw is missing from the log. Opened at the first change (an engine that
 * never ran the models leaves no file). A log that cannot be opened or written does not stop the
 * models or the replay: the change is still emitted, and the failure is kept in `failures` /
 * `lastError` (and reported once on stderr) — the posture itself only ever tightens limits, so
 * losing its record is safer than stopping the desk.
 */
export class PostureAudit {
  private log: AuditLog | null = null;
  failures = 0;
  lastError: string | null = null;

  constructor(readonly path: string, private readonly fsync = true) {}

  record(change: PostureChangeWire): void {
    try {
      this.log ??= AuditLog.open(this.path, { fsync: this.fsync });
      this.log.append('risk-decision', { type: 'posture', ...change });
    } catch (e) {
      this.failures++;
      const m = e instanceof Error ? e.message : String(e);
      // Name the file whatever failed (a mkdir error names only the folder).
      const msg = m.includes(this.path) ? m : `${this.path}: ${m}`;
      if (this.lastError === null) console.error(`risk posture audit: ${msg}`);
      this.lastError = msg;
    }
  }

  close(): void {
    this.log?.close();
    this.log = null;
  }
}
