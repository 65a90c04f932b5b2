import { describe, expect, it } from 'vitest';
import { numberList, parseDevToolArgs, variantNames } from './dev-tool-args.js';

describe('calibration developer tools: arguments', () => {
  it('splits files from --name value options', () => {
    const a = parseDevToolArgs(['m.csv', '--seeds', '1-3', 'o.csv', '--secant', '1'], 't');
    expect(a.files).toEqual(['m.csv', 'o.csv']);
    expect([...a.opt]).toEqual([['seeds', '1-3'], ['secant', '1']]);
    expect(() => parseDevToolArgs(['--seeds', '1-3'], 'spread-histogram')).toThrow('spread-histogram: give the data files to calibrate to');
  });

  it('reads A-B and a,b,c lists and names the field on anything else', () => {
    expect(numberList('3-6', [], 'seeds')).toEqual([3, 4, 5, 6]);
    expect(numberList('1001,2001', [], 'refine-seeds')).toEqual([1001, 2001]);
    expect(numberList(undefined, [1, 2], 'seeds')).toEqual([1, 2]);
    expect(() => numberList('1-x', [], 'seeds')).toThrow('--seeds: "1-x" is not A-B or a comma-separated list of numbers');
  });

  it('accepts known variants and names an unknown one', () => {
    expect(variantNames(undefined, 'as-mapped')).toEqual(['as-mapped']);
    expect(() => variantNames('as-mapped,nope', 'as-mapped')).toThrow(/--variants: unknown variant "nope" \(known: .*as-mapped/);
  });
});
