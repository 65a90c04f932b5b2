/**
 * Shared helpers of the reader tests (not imported by production code): where the real sample
 * data lives, temp files for malformed input, and draining a reader into plain copies.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { copyMarketEvent, type MarketEvent } from '../events/market-event.js';
import { DataFormatError, type MarketDataReader } from './reader.js';

/** Absolute path of a file under /work/shared/data (the repo root is /work/main). */
export function dataPath(rel: string): string {
  return fileURLToPath(new URL(`../../../../shared/data/${rel}`, import.meta.url));
}

let tmp: string | null = null;

/** Writes `content` to a fresh temp file named `name` (gzipped when it ends in .gz); returns its path. */
export function tempFile(name: string, content: string): string {
  tmp ??= mkdtempSync(join(tmpdir(), 'slipstream-readers-'));
  const p = join(tmp, name);
  writeFileSync(p, name.endsWith('.gz') ? gzipSync(content) : content);
  return p;
}

/** Reads every event, copying each (the reader reuses one record). */
export function drain(reader: MarketDataReader): MarketEvent[] {
  const out: MarketEvent[] = [];
  for (let e = reader.next(); e; e = reader.next()) out.push(copyMarketEvent(e));
  reader.close();
  return out;
}

/** Counts events by kind without copying. */
export function countKinds(reader: MarketDataReader): Map<number, number> {
  const m = new Map<number, number>();
  for (let e = reader.next(); e; e = reader.next()) m.set(e.kind, (m.get(e.kind) ?? 0) + 1);
  reader.close();
  return m;
}

/** What a `DataFormatError` must say. */
export interface ExpectedError {
  file: string;
  line: number;
  column: number;
  field?: string;
  /** Substring of the "expected" part. */
  expected: string;
  /** Exact "found" text. */
  found: string;
}

/** Runs `fn`, which must throw a `DataFormatError` whose fields AND message carry `want`. */
export function expectFormatError(fn: () => unknown, want: ExpectedError): DataFormatError {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DataFormatError);
  const err = caught as DataFormatError;
  expect(err.file).toBe(want.file);
  expect(err.line).toBe(want.line);
  expect(err.column).toBe(want.column);
  if (want.field !== undefined) expect(err.field).toBe(want.field);
  expect(err.expected).toContain(want.expected);
  expect(err.found).toBe(want.found);
  expect(err.message).toContain(`${want.file}:${want.line}: column ${want.column}`);
  expect(err.message).toContain(want.expected);
  expect(err.message).toContain(JSON.stringify(want.found));
  return err;
}
