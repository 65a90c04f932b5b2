import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PostureChangeWire } from '../contract/risk-models.js';
import { AuditLog } from '../store/audit-log.js';
import { PostureAudit } from './risk-models-audit.js';

const change = (seq: number): PostureChangeWire => ({
  seq, agent: 'replay s1', at: 36_000 + seq, from: { maxParticipation: 1, aggressiveness: 1 }, to: { maxParticipation: 0.4, aggressiveness: 0.4 },
  factor: 0.4, bounds: { maxParticipation: 1, aggressiveness: 1 }, reasons: [{ source: 'regime', factor: 0.4, detail: 'regime stressed' }],
});

describe('posture audit', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('appends each change as a risk decision, read back in order after a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'posture-audit-'));
    dirs.push(dir);
    const a = new PostureAudit(join(dir, 'risk-audit.log'), false);
    a.record(change(1));
    a.record(change(2));
    a.close();
    const log = AuditLog.open(join(dir, 'risk-audit.log'));
    expect(log.recovered.map((e) => [e.seq, e.kind, e.data])).toEqual([
      [1, 'risk-decision', { type: 'posture', ...change(1) }],
      [2, 'risk-decision', { type: 'posture', ...change(2) }],
    ]);
    log.close();
    expect(a.failures).toBe(0);
  });

  it('a log it cannot open is counted and reported once, never thrown into the models', () => {
    const dir = mkdtempSync(join(tmpdir(), 'posture-audit-'));
    dirs.push(dir);
    // A file where the log's folder should be: the open fails.
    writeFileSync(join(dir, 'blocker'), 'x');
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const a = new PostureAudit(join(dir, 'blocker', 'risk-audit.log'), false);
    expect(() => a.record(change(1))).not.toThrow();
    a.record(change(2));
    expect(a.failures).toBe(2);
    expect(a.lastError).toMatch(/risk-audit\.log/);
    expect(err).toHaveBeenCalledTimes(1);
  });
});
