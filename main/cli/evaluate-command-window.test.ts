import { describe, expect, it } from 'vitest';
import { checkUnseenDay, evaluatedSpan, formatTimeOfDay, LOOKBACK_SEC, parseWindow, TAIL_SEC, windowStarts } from './evaluate-command-window.js';

describe('evaluate --window helpers', () => {
  it('parses HH:MM[-:SS] windows and refuses malformed or empty ones, naming --window', () => {
    expect(parseWindow('12:45-16:00')).toEqual([45_900, 57_600]);
    expect(parseWindow('9:30:15 - 24:00')).toEqual([34_215, 86_400]);
    expect(() => parseWindow('16:00-12:45')).toThrow(/--window: "16:00-12:45" must end after it starts/);
    expect(() => parseWindow('12:61-13:00')).toThrow(/--window: .*out of range/);
    expect(() => parseWindow('noon-1pm')).toThrow(/--window: "noon-1pm" is not HH:MM-HH:MM/);
    expect(formatTimeOfDay(45_900)).toBe('12:45');
    expect(formatTimeOfDay(45_962)).toBe('12:46:02');
  });

  it('confines starts to the window with room for the look-back, the order and the post-trade window', () => {
    expect(LOOKBACK_SEC).toBe(300);
    expect(TAIL_SEC).toBe(62);
    // Window 12:45-16:00 of a day whose first event is at 09:30:00.5; 30-minute orders, disjoint.
    const first = 34_200.5;
    const s = windowStarts([45_900, 57_600], first, 1800, 1800);
    expect(s[0]).toBe(Math.ceil(45_900 + 300 - first));
    for (const x of s) {
      const [a, b] = evaluatedSpan(first, x, 1800);
      expect(a).toBeGreaterThanOrEqual(45_900);
      expect(b).toBeLessThanOrEqual(57_600);
    }
    expect(s).toHaveLength(6);
    expect(() => windowStarts([55_800, 57_600], first, 1800, 60)).toThrow(/too short for a 1800 s order/);
  });

  it('refuses a day seen whole, or seen in a window that an evaluated span overlaps; accepts spans outside it and other days', () => {
    const seen = [{ files: ['X_message_1.csv'], sha256: [], window: [34_200, 45_900] as const }, { files: ['Y.csv'], sha256: [] }];
    expect(() => checkUnseenDay(seen, ['/d/Y.csv'], [[50_000, 52_000]], 'm/manifest.json')).toThrow(/--data: Y\.csv is a day the model trained or validated on/);
    expect(() => checkUnseenDay(seen, ['/d/X_message_1.csv'], null, 'm/manifest.json')).toThrow(/the model saw 09:30-12:45 of X_message_1\.csv/);
    expect(() => checkUnseenDay(seen, ['/d/X_message_1.csv'], [[50_000, 52_000], [45_899, 47_000]], 'm/manifest.json')).toThrow(/overlaps 09:30-12:45/);
    expect(() => checkUnseenDay(seen, ['/d/X_message_1.csv'], [[45_900, 47_000], [30_000, 34_200]], 'm/manifest.json')).not.toThrow();
    expect(() => checkUnseenDay(seen, ['/d/Z.csv'], null, 'm/manifest.json')).not.toThrow();
  });
});
