import { describe, expect, it } from 'vitest';
import { evaluationRows } from './evaluation-view.js';

describe('evaluationRows', () => {
  it('reads evaluate --json strategies and paired rows', () => {
    const r = evaluationRows({
      strategies: { agent: { meanIsBps: 1.2, medianIsBps: 1, stdIsBps: 3, ciLowBps: 0.5, ciHighBps: 1.9, n: 40 }, twap: { meanIsBps: 2.5, n: 40 } },
      paired: { twap: { meanDiffBps: -1.3, ciLowBps: -2, ciHighBps: -0.6, pValue: 0.001 } },
    });
    expect(r.strategies).toEqual([
      { name: 'agent', meanIsBps: 1.2, medianIsBps: 1, ciLowBps: 0.5, ciHighBps: 1.9, n: 40 },
      { name: 'twap', meanIsBps: 2.5, medianIsBps: null, ciLowBps: null, ciHighBps: null, n: 40 },
    ]);
    expect(r.paired).toEqual([{ baseline: 'twap', meanDiffBps: -1.3, ciLowBps: -2, ciHighBps: -0.6, pValue: 0.001 }]);
  });
  it('gives empty tables for another shape', () => {
    expect(evaluationRows(null)).toEqual({ strategies: [], paired: [] });
    expect(evaluationRows({ strategies: [1, 2] })).toEqual({ strategies: [], paired: [] });
  });
});
