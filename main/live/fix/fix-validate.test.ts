import { describe, expect, it } from 'vitest';
import { FixDecoder, encodeFix, type FixField, type FixMessage } from './fix-codec.js';
import { fix44Dictionary } from './fix44.js';
import { canonicalContent, parseUtcTimestamp, validFormat, validateMessage } from './fix-validate.js';

const HDR: FixField[] = [[49, 'TW'], [56, 'IS'], [34, '2'], [52, '20261203-12:00:00']];
const ORDER: FixField[] = [[11, 'id'], [21, '3'], [40, '1'], [54, '1'], [55, 'X'], [60, '20261203-12:00:00']];

function msg(type: string, fields: readonly FixField[]): FixMessage {
  const r = new FixDecoder().push(encodeFix([[35, type], ...fields]))[0]!;
  if (!r.ok) throw new Error(r.error);
  return r.msg;
}

const check = (type: string, fields: readonly FixField[]): [number, number | undefined] | null => {
  const p = validateMessage(fix44Dictionary(), msg(type, fields));
  return p === null ? null : [p.reason, p.refTag];
};

describe('FIX 4.4 validation', () => {
  it('accepts a valid order and finds each kind of problem with the tag it concerns', () => {
    expect(check('D', [...HDR, ...ORDER])).toBeNull();
    expect(check('D', [[11, 'id'], ...HDR, [40, '1'], [54, '1'], [60, '20261203-12:00:00']])).toEqual([14, 49]);
    expect(check('*', HDR)).toEqual([11, undefined]);
    expect(check('D', [...HDR, [21, '3'], [40, '1'], [54, '1'], [60, '20261203-12:00:00']])).toEqual([1, 11]);
    expect(check('D', [...HDR, ...ORDER, [40, '2']])).toEqual([13, 40]);
    expect(check('D', [...HDR, ...ORDER, [58, '']])).toEqual([4, 58]);
    expect(check('D', [...HDR, ...ORDER, [38, '1e3']])).toEqual([6, 38]);
    expect(check('D', [...HDR, [11, 'id'], [21, '3'], [40, 'w'], [54, '1'], [60, '20261203-12:00:00']])).toEqual([5, 40]);
    expect(check('0', [...HDR, [999, 'x']])).toEqual([0, 999]);
    expect(check('0', [...HDR, [55, 'X']])).toEqual([2, 55]);
    expect(check('D', [...HDR, ...ORDER, [386, '2'], [336, 'A']])).toEqual([16, 386]);
    expect(check('D', [...HDR, ...ORDER, [386, '2'], [336, 'A'], [336, 'B']])).toBeNull();
  });

  it('checks formats by FIX type', () => {
    expect(validFormat('QTY', '200.00') && validFormat('QTY', '-1') && !validFormat('QTY', '+200')).toBe(true);
    expect(validFormat('UTCTIMESTAMP', '20261203-12:00:00.123') && !validFormat('UTCTIMESTAMP', '20040415') && !validFormat('UTCTIMESTAMP', '20261303-12:00:00')).toBe(true);
    expect(validFormat('BOOLEAN', 'Y') && !validFormat('BOOLEAN', 'y') && validFormat('CHAR', 'x') && !validFormat('CHAR', 'xy')).toBe(true);
    expect(parseUtcTimestamp('20261203-12:00:01.500')).toBe(Date.UTC(2026, 11, 3, 12, 0, 1, 500));
    expect(parseUtcTimestamp('2026-12-03')).toBeUndefined();
  });

  it('gives a message\'s content in tag order, a group kept whole after its count', () => {
    const m = msg('D', [...HDR, [97, 'Y'], [60, '20261203-12:00:00'], [55, 'X'], [386, '2'], [336, 'B'], [625, 'z'], [336, 'A'], [11, 'id'], [54, '1'], [40, '1']]);
    const c = canonicalContent(fix44Dictionary(), m);
    expect(c.header).toEqual([[97, 'Y']]);
    expect(c.body.map((f) => f[0])).toEqual([11, 40, 54, 55, 60, 386, 336, 625, 336]);
  });
});
