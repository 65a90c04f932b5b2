import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, AuditLogError, readAuditLog } from './audit-log.js';
import { encodeRecord } from './audit-log-format.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.log');
let t = 0;
const nowMs = () => ++t;

describe('AuditLog', () => {
  it('reads back every record in append order after reopening', () => {
    const f = file();
    const a = AuditLog.open(f, { nowMs });
    for (let i = 0; i < 50; i++) a.append(i % 2 === 0 ? 'request' : 'order-event', { i, text: `é${i}` });
    a.close();
    const b = AuditLog.open(f, { nowMs });
    expect(b.repair).toBeNull();
    expect(b.recovered.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(b.recovered.map((e) => e.data.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(b.recovered[3]!.data.text).toBe('é3');
    expect(b.append('note', {}).seq).toBe(51);
    b.close();
  });

  it('a torn last record (crash mid-append) is cut off with a report; earlier records are kept and appends continue', () => {
    const f = file();
    const a = AuditLog.open(f, { nowMs });
    for (let i = 0; i < 5; i++) a.append('order-event', { i });
    a.close();
    const good = statSync(f).size;
    const whole = encodeRecord({ seq: 6, tsMs: 1, kind: 'order-event', data: { i: 5 } });
    appendFileSync(f, whole.subarray(0, whole.length - 7)); // torn: no newline
    const b = AuditLog.open(f, { nowMs });
    expect(b.recovered).toHaveLength(5);
    expect(b.repair).toMatchObject({ line: 6, byte: good, droppedBytes: whole.length - 7, keptRecords: 5 });
    expect(b.repair!.problem).toMatch(/incomplete record/);
    expect(statSync(f).size).toBe(good);
    b.append('order-event', { i: 'after' });
    b.close();
    const c = readAuditLog(f);
    expect(c.tail).toBeNull();
    expect(c.entries.map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4, 'after']);
  });

  it('a last record with a wrong checksum is a torn tail too', () => {
    const f = file();
    const a = AuditLog.open(f, { nowMs });
    a.append('order-event', { i: 0 });
    a.append('order-event', { i: 1 });
    a.close();
    const text = readFileSync(f, 'latin1');
    const lines = text.split('\n');
    lines[1] = lines[1]!.replace('"i":1', '"i":7'); // bytes changed after the checksum was written
    writeFileSync(f, lines.join('\n'), 'latin1');
    const b = AuditLog.open(f, { nowMs });
    expect(b.recovered.map((e) => e.data.i)).toEqual([0]);
    expect(b.repair!.problem).toMatch(/checksum mismatch/);
    b.close();
  });

  it('damage in the middle is an error naming file, line and byte, and the file is left untouched', () => {
    const f = file();
    const a = AuditLog.open(f, { nowMs });
    for (let i = 0; i < 4; i++) a.append('order-event', { i });
    a.close();
    const lines = readFileSync(f, 'latin1').split('\n');
    lines[1] = lines[1]!.replace('"i":1', '"i":9');
    writeFileSync(f, lines.join('\n'), 'latin1');
    const before = readFileSync(f);
    expect(() => AuditLog.open(f, { nowMs })).toThrow(AuditLogError);
    expect(() => AuditLog.open(f, { nowMs })).toThrow(new RegExp(`audit log ${f}: line 2 \\(byte \\d+\\): checksum mismatch.*2 valid record\\(s\\) follow`));
    expect(readFileSync(f).equals(before)).toBe(true);
  });

  it('a sequence gap (a record removed from the middle) is an error', () => {
    const f = file();
    const a = AuditLog.open(f, { nowMs });
    for (let i = 0; i < 3; i++) a.append('order-event', { i });
    a.close();
    const lines = readFileSync(f, 'latin1').split('\n');
    lines.splice(1, 1);
    writeFileSync(f, lines.join('\n'), 'latin1');
    expect(() => AuditLog.open(f, { nowMs })).toThrow(/line 2: expected record seq 2/);
  });
});
