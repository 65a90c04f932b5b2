import { describe, expect, it } from 'vitest';
import { RiskLimitsSchema } from '../../../main/contract/risk.js';
import { LIMIT_FIELDS, limitTexts, readLimit, readLimits } from './limit-fields.js';

const field = (key: string) => LIMIT_FIELDS.find((f) => f.key === key)!;

describe('risk limit fields', () => {
  it('covers every limit of the gate, once', () => {
    expect(LIMIT_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(RiskLimitsSchema.shape).sort());
  });

  it('reads what was typed exactly; an empty field is no limit; errors name the limit in words', () => {
    expect(readLimit(field('maxOrderQty'), '')).toEqual({ ok: true, value: undefined });
    expect(readLimit(field('maxOrderQty'), '1.5k')).toEqual({ ok: true, value: 1500 });
    expect(readLimit(field('maxOrderQty'), '0')).toEqual({ ok: true, value: 0 });
    expect(readLimit(field('maxOrderQty'), '-5')).toEqual({ ok: false, error: 'Max order quantity -5 must be 0 or more (empty = no limit).' });
    expect(readLimit(field('maxOpenOrders'), '12.5')).toEqual({ ok: false, error: 'Max open orders 12.5 must be a whole number.' });
    expect(readLimit(field('maxOrdersPerSec'), '2m')).toEqual({ ok: false, error: 'Max orders per second 2m must be at most 1,000,000 orders/s.' });
    expect(readLimit(field('maxNotional'), '1e6')).toMatchObject({ ok: false, error: expect.stringMatching(/^Max notional "1e6": write the number in full/) });
    expect(readLimit(field('restricted'), ' GME, AMC  GME ')).toEqual({ ok: true, value: ['GME', 'AMC'] });
  });

  it('round-trips the limits through the editor texts', () => {
    const limits = { maxOrderQty: 100_000, priceCollarBps: 2.5, restricted: ['GME'], maxOpenOrders: 0 };
    const texts = limitTexts(limits);
    expect(texts.maxOrderQty).toBe('100,000');
    expect(texts.maxPosition).toBe('');
    expect(readLimits(texts)).toEqual({ limits, errors: {} });
    expect(readLimits({ ...texts, maxPosition: 'x', dailyLossLimit: '-1' }).errors).toEqual({
      maxPosition: 'Max position "x" is not a number.',
      dailyLossLimit: 'Daily loss limit -1 must be 0 or more (empty = no limit).',
    });
  });
});
