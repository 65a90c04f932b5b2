import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRecord } from '../../store/audit-log-format.js';
import { FileSessionStore } from './session-store-file.js';
import { MemorySessionStore, isSessionStore, queueWhileDown, type SessionStore } from './session-store.js';
import { MemorySeqStore } from './seq-store.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'sess-')), 'CLI-VEN.session.log');
const msg = (id: string) => ({ msgType: 'D', header: [] as [number, string][], body: [[11, id]] as [number, string][], sendingTime: '20261203-10:00:00.000' });

function exercise(s: SessionStore): void {
  s.save({ nextOut: 2, nextIn: 1 });
  s.put(2, msg('A'));
  s.save({ nextOut: 3, nextIn: 4 });
  s.put(3, msg('B'));
  s.save({ nextOut: 4, nextIn: 4 });
  expect(s.addExecId('E1')).toBe(true);
  expect(s.addExecId('E1')).toBe(false);
  expect(s.addExecId('E2')).toBe(true);
}

describe('SessionStore', () => {
  it('memory: sequence numbers, sent messages and ExecIDs; clear keeps ExecIDs', () => {
    const s = new MemorySessionStore();
    exercise(s);
    expect(s.load()).toEqual({ nextOut: 4, nextIn: 4 });
    expect(s.get(3)?.body).toEqual([[11, 'B']]);
    s.clear();
    expect(s.get(3)).toBeUndefined();
    expect(s.hasExecId('E2')).toBe(true);
    expect(isSessionStore(s)).toBe(true);
    expect(isSessionStore(new MemorySeqStore())).toBe(false);
  });

  it('file: everything survives a reopen (a restart), compacted', () => {
    const f = file();
    const a = new FileSessionStore(f, { fsync: false });
    exercise(a);
    a.close();
    const b = new FileSessionStore(f);
    expect(b.load()).toEqual({ nextOut: 4, nextIn: 4 });
    expect(b.get(2)?.body).toEqual([[11, 'A']]);
    expect(b.get(3)).toEqual(msg('B'));
    expect(b.hasExecId('E1') && b.hasExecId('E2')).toBe(true);
    expect(b.hasExecId('E3')).toBe(false);
    expect(b.repair).toBeNull();
    expect(readFileSync(f, 'utf8').trim().split('\n')).toHaveLength(1 + 2 + 2);
    b.clear();
    b.close();
    const c = new FileSessionStore(f);
    expect(c.get(2)).toBeUndefined();
    expect(c.hasExecId('E1')).toBe(true);
    c.close();
  });

  it('file: a torn last record is dropped with a report, the rest kept', () => {
    const f = file();
    const a = new FileSessionStore(f, { fsync: false });
    exercise(a);
    a.close();
    const rec = encodeRecord({ t: 'exec', id: 'E9' });
    appendFileSync(f, rec.subarray(0, rec.length - 3));
    const b = new FileSessionStore(f);
    expect(b.repair?.problem).toMatch(/incomplete record/);
    expect(b.hasExecId('E9')).toBe(false);
    expect(b.hasExecId('E2')).toBe(true);
    expect(b.load()).toEqual({ nextOut: 4, nextIn: 4 });
    b.close();
    expect(new FileSessionStore(f).repair).toBeNull(); // compaction removed the tail
  });

  it('file: damage in the middle is an error naming the file and line', () => {
    const f = file();
    const a = new FileSessionStore(f, { fsync: false });
    exercise(a);
    a.close();
    const lines = readFileSync(f, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"A"'));
    lines[at] = lines[at]!.replace('"A"', '"Z"');
    writeFileSync(f, lines.join('\n'));
    expect(() => new FileSessionStore(f)).toThrow(new RegExp(`session store ${f}: line ${at + 1}: checksum mismatch`));
  });

  it('queueWhileDown takes the next number and keeps the message for a resend', () => {
    const s = new MemorySessionStore();
    s.save({ nextOut: 5, nextIn: 9 });
    expect(queueWhileDown(s, s, '8', [[17, 'X1']], '20261203-10:00:00.000')).toBe(5);
    expect(queueWhileDown(s, s, '8', [[17, 'X2']], '20261203-10:00:00.000')).toBe(6);
    expect(s.load()).toEqual({ nextOut: 7, nextIn: 9 });
    expect(s.get(6)?.body).toEqual([[17, 'X2']]);
  });
});
