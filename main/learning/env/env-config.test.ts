import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import { resolveEnvConfig } from './env-config.js';

const base = { side: 'buy' as const, quantity: 100, startSec: 0, horizonSec: 10, decisions: 2 };

describe('resolveEnvConfig', () => {
  it('refuses a cross protection at or beyond the risk gate\'s price collar (every cross would be denied), naming both fields', () => {
    // Measured before the check: crossLimitBps 500 with the default 500 bp collar filled 0 shares of a TWAP-pace cross.
    expect(() => resolveEnvConfig({ ...base, actions: { crossLimitBps: DEFAULT_RISK_LIMITS.priceCollarBps! } })).toThrow(/actions\.crossLimitBps 500 must be below riskLimits\.priceCollarBps 500/);
    expect(() => resolveEnvConfig({ ...base, actions: { crossLimitBps: 500 }, riskLimits: { ...DEFAULT_RISK_LIMITS, priceCollarBps: 1_000 } })).not.toThrow();
    expect(resolveEnvConfig({ ...base }).actions.crossLimitBps).toBe(50);
  });
});
