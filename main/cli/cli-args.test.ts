import { describe, expect, it } from 'vitest';
import { choiceOption, intOption, parseArgs, UsageError } from './cli-args.js';

describe('parseArgs', () => {
  it('separates positionals, valued options and flags', () => {
    const a = parseArgs(['a.csv', '--levels', '5', '--json', 'b.csv', '--out=x.csv'], ['levels', 'out'], ['json']);
    expect(a.positionals).toEqual(['a.csv', 'b.csv']);
    expect(a.values.get('levels')).toBe('5');
    expect(a.values.get('out')).toBe('x.csv');
    expect(a.flags.has('json')).toBe(true);
  });
  it('names an unknown option and a missing value', () => {
    expect(() => parseArgs(['--lvls', '3'], ['levels'], [])).toThrow('unknown option --lvls');
    expect(() => parseArgs(['--levels'], ['levels'], [])).toThrow('--levels needs a value');
    expect(() => parseArgs(['--levels', '--json'], ['levels'], ['json'])).toThrow(UsageError);
  });
  it('checks integer ranges and choices with the limit in the message', () => {
    const a = parseArgs(['--levels', '0', '--format', 'csv'], ['levels', 'format'], []);
    expect(() => intOption(a, 'levels', 1, 200)).toThrow('--levels 0 is outside [1, 200]');
    expect(() => choiceOption(a, 'format', ['lobster', 'bars'])).toThrow('--format must be one of lobster, bars, got "csv"');
    expect(intOption(parseArgs(['--levels', '7'], ['levels'], []), 'levels', 1, 200)).toBe(7);
  });
});
