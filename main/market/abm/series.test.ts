import { describe, expect, it } from 'vitest';
import { F64Column } from './series.js';

describe('F64Column', () => {
  it('grows from empty (a session that keeps no trades allocates nothing) and keeps every value in order', () => {
    for (const initial of [0, 1, 1024]) {
      const c = new F64Column(initial);
      for (let i = 0; i < 3_000; i++) c.push(i * 0.5);
      expect(c.length).toBe(3_000);
      expect(Array.from(c.view())).toEqual(Array.from({ length: 3_000 }, (_, i) => i * 0.5));
    }
    expect(new F64Column(0).view().length).toBe(0);
  });
});
