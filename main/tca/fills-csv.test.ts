import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../market/readers/reader.js';
import { parseFillsCsv } from './fills-csv.js';

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string) => parseFillsCsv(enc(s), 'fills.csv');
const fails = (s: string) => {
  try {
    parse(s);
  } catch (e) {
    expect(e).toBeInstanceOf(DataFormatError);
    return (e as Error).message;
  }
  throw new Error('expected a DataFormatError');
};

describe('parseFillsCsv', () => {
  it('reads rows with free-form timestamps, CRLF, a BOM, blank lines and no final newline', () => {
    const rows = parseFillsCsv(enc('\uFEFFts,qty,price\r\n2025-07-17T09:30:00.5Z,100,50.25\r\n\r\n12.5,.5,+7.\n-3,3,1'), 'f.csv');
    expect(rows).toEqual([
      { line: 2, tsText: '2025-07-17T09:30:00.5Z', tsNumber: null, qty: 100, price: 50.25 },
      { line: 4, tsText: '12.5', tsNumber: 12.5, qty: 0.5, price: 7 },
      { line: 5, tsText: '-3', tsNumber: -3, qty: 3, price: 1 },
    ]);
    expect(parse('ts,qty,price\n')).toEqual([]);
  });

  it('names file, line, column and field in every error', () => {
    expect(fails('ts,qty,price\n1,1,1\n\n\n\n2,1,1\n3,-5,1\n')).toBe('fills.csv:7: column 2 (qty): expected a positive number, found "-5"');
    expect(fails('ts,qty,price\n1,0,1\n')).toBe('fills.csv:2: column 2 (qty): expected a positive number, found "0"');
    expect(fails('ts,qty,price\n1,1e3,1\n')).toContain('column 2 (qty)');
    expect(fails('ts,qty,price\n1,2,abc\n')).toBe('fills.csv:2: column 3 (price): expected a positive decimal price, found "abc"');
    expect(fails('ts,qty,price\n1,2, 3\n')).toContain('column 3 (price)');
    expect(fails('ts,qty,price\n1,2\n')).toBe('fills.csv:2: column 3 (price): expected a value (3 columns: ts,qty,price), found "(end of line)"');
    expect(fails('ts,qty,price\n1,2,3,4\n')).toBe('fills.csv:2: column 4 ((end of line)): expected 3 columns, found ",4"');
    expect(fails('ts,qty,price\n,2,3\n')).toContain('column 1 (ts): expected a timestamp');
    expect(fails('time,size,px\n')).toBe('fills.csv:1: column 1 (header): expected "ts,qty,price", found "time,size,px"');
    expect(fails('')).toContain('fills.csv:1: column 1 (header)');
    expect(() => parseFillsCsv(new Uint8Array([...enc('ts,qty,price\n'), 0xff, 0x2c, 0x31, 0x2c, 0x31]), 'b.csv')).toThrow('b.csv:2: column 1 (ts): expected UTF-8 text');
  });
});
