import { describe, expect, it } from 'vitest';
import { checkJsonText, checkValueShape, MESSAGE_LIMITS } from './message-limits.js';

const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
function nestedValue(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe('checkJsonText', () => {
  it('passes an ordinary request', () => {
    expect(checkJsonText(JSON.stringify({ kind: 'request', id: 1, command: 'market.open', args: { files: ['/a/b.csv'], levels: 10 } }))).toBeNull();
  });

  it('refuses nesting deeper than the limit, at the limit it passes', () => {
    expect(checkJsonText(nested(MESSAGE_LIMITS.maxDepth))).toBeNull();
    expect(checkJsonText(nested(MESSAGE_LIMITS.maxDepth + 1))).toMatch(/deeper than 32/);
    expect(checkJsonText('['.repeat(5000))).toMatch(/deeper/);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(checkJsonText(JSON.stringify({ s: '{{{{[[[[\\"'.repeat(100) }))).toBeNull();
  });

  it('refuses a huge string and an oversized message', () => {
    expect(checkJsonText(JSON.stringify({ s: 'x'.repeat(MESSAGE_LIMITS.maxStringLength + 1) }))).toMatch(/string is longer/);
    expect(checkJsonText('"' + 'x'.repeat(MESSAGE_LIMITS.maxStringLength + 10))).toMatch(/string is longer/);
    expect(checkJsonText(' '.repeat(MESSAGE_LIMITS.maxBytes + 1))).toMatch(/longer than/);
  });
});

describe('checkValueShape', () => {
  it('passes plain data and refuses deep nesting without overflowing the stack', () => {
    expect(checkValueShape({ kind: 'request', id: 1, args: { files: ['a'] } })).toBeNull();
    expect(checkValueShape(nestedValue(MESSAGE_LIMITS.maxDepth))).toBeNull();
    expect(checkValueShape(nestedValue(MESSAGE_LIMITS.maxDepth + 1))).toMatch(/deeper/);
    expect(checkValueShape(nestedValue(1_000_000))).toMatch(/deeper/);
  });

  it('refuses huge strings, too many values and non-plain values', () => {
    expect(checkValueShape({ s: 'x'.repeat(MESSAGE_LIMITS.maxStringLength + 1) })).toMatch(/string/);
    expect(checkValueShape({ a: new Array(MESSAGE_LIMITS.maxNodes + 1).fill(0) })).toMatch(/more than/);
    expect(checkValueShape({ f: () => 1 })).toMatch(/function/);
    expect(checkValueShape({ d: new Date(0) })).toMatch(/not plain/);
    expect(checkValueShape({ n: 10n })).toMatch(/bigint/);
  });
});
