import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ByteScanner } from './byte-scanner.js';
import { DataFormatError } from './reader.js';
import { expectFormatError, tempFile } from './test-support.js';

/** Every line of a file as text, through the scanner. */
function lines(path: string, chunk?: number): string[] {
  const sc = new ByteScanner(path, chunk);
  const out: string[] = [];
  while (sc.nextLine()) out.push(sc.lineText());
  sc.close();
  return out;
}

describe('ByteScanner line framing', () => {
  it('handles \\r\\n, blank lines, a BOM and a missing final newline', () => {
    const p = tempFile('framing.csv', '\uFEFFa,b\r\n\r\nc,d\n\ne,f');
    expect(lines(p)).toEqual(['a,b', 'c,d', 'e,f']);
    const sc = new ByteScanner(p);
    sc.nextLine();
    sc.nextLine();
    expect(sc.line).toBe(3); // blank lines still count
    sc.close();
  });

  it('returns the same lines whatever the chunk size (lines straddle chunks; long lines grow the buffer)', () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i},${'x'.repeat(i % 97)},${i * 7}`);
    rows.push('y'.repeat(1000)); // longer than the smallest buffer
    const p = tempFile('chunks.csv', rows.join('\r\n') + '\r\n');
    for (const chunk of [64, 65, 100, 333, 4096]) expect(lines(p, chunk)).toEqual(rows);
  });

  it('reads .gz files (inflated whole) and reports progress', () => {
    const p = tempFile('z.csv.gz', 'a\nb\n');
    const sc = new ByteScanner(p);
    expect(sc.totalBytes).toBe(4);
    expect(sc.nextLine()).toBe(true);
    expect(sc.bytesRead()).toBe(2);
    expect(sc.nextLine()).toBe(true);
    expect(sc.nextLine()).toBe(false);
    expect(sc.bytesRead()).toBe(4);
  });

  it('mark/unread re-reads a peeked line', () => {
    const p = tempFile('peek.csv', 'h\n1\n2\n');
    const sc = new ByteScanner(p, 64);
    sc.nextLine();
    sc.mark();
    sc.nextLine();
    expect(sc.lineText()).toBe('1');
    sc.unread();
    expect(sc.nextLine()).toBe(true);
    expect([sc.lineText(), sc.line]).toEqual(['1', 2]);
  });
});

describe('ByteScanner fields', () => {
  it('parses columns and detects missing and extra columns', () => {
    const p = tempFile('fields.csv', '12,-3,4.50,x\n1,2\n1,2,3,x,9\n');
    const sc = new ByteScanner(p);
    sc.columns = ['A', 'B', 'C', 'D'];
    sc.nextLine();
    expect([sc.uint(0), sc.int(1), sc.decimal(2, 2)]).toEqual([12, -3, 450]);
    expect(sc.char(3, 'x')).toBe(120);
    sc.endLine();
    sc.nextLine();
    sc.uint(0);
    sc.uint(1);
    expectFormatError(() => sc.uint(2), { file: 'fields.csv', line: 2, column: 3, field: 'C', expected: '4 columns', found: 'end of line' });
    sc.nextLine();
    for (let i = 0; i < 3; i++) sc.uint(i);
    sc.field(3);
    expectFormatError(() => sc.endLine(), { file: 'fields.csv', line: 3, column: 5, expected: '4 columns', found: ',9' });
  });

  it('names the bad field and its text', () => {
    const p = tempFile('bad.csv', '1x,2\n');
    const sc = new ByteScanner(p);
    sc.columns = ['Size', 'Other'];
    sc.nextLine();
    expectFormatError(() => sc.uint(0), { file: 'bad.csv', line: 1, column: 1, field: 'Size', expected: 'a non-negative integer', found: '1x' });
  });
});

describe('ByteScanner on a damaged .gz file', () => {
  it('reports a DataFormatError instead of a zlib error', () => {
    const good = tempFile('whole.csv.gz', 'a,b\n'.repeat(1000));
    const bytes = readFileSync(good);
    const cut = tempFile('cut.csv', '');
    writeFileSync(cut.replace(/\.csv$/, '.csv.gz'), bytes.subarray(0, bytes.length - 10));
    expect(() => new ByteScanner(cut.replace(/\.csv$/, '.csv.gz'))).toThrow(DataFormatError);
  });
});
