import { describe, expect, it } from 'vitest';
import { childRows, decisionBars, DEFAULT_AGENT_FORM, fillRows, fixSessionOf, modelLine, modelTitle, readAgentForm, readFixForm, type Supervised } from './agents-model.js';

describe('agents form', () => {
  it('builds a scenario ticket slightly longer than the horizon', () => {
    expect(readAgentForm({ ...DEFAULT_AGENT_FORM, algorithm: 'pov', side: 'sell', quantity: '5k', horizonSec: '300', seed: '9' }).ticket).toEqual({
      source: { kind: 'scenario', name: 'calm', durationSec: 340, seed: 9 }, side: 'sell', quantity: 5_000, algorithm: 'pov', startSec: 0, horizonSec: 300, povRate: 0.1,
    });
  });
  it('names the field and the limit', () => {
    expect(readAgentForm({ ...DEFAULT_AGENT_FORM, quantity: '0', horizonSec: '5', seed: 'x' }).errors).toEqual({
      quantity: 'Quantity "0" must be a whole number of 1 or more', horizonSec: 'Horizon "5" s must be from 10 to 23,400 s', seed: 'Seed "x" must be from 0 to 2,147,483,647',
    });
  });
});

describe('agents form on a FIX session', () => {
  const fix = { ...DEFAULT_AGENT_FORM, venue: 'fix:paper' as const, quantity: '1,500', horizonSec: '30' };
  it('builds fix.work with the strategy and FIX market data', () => {
    expect(fixSessionOf(fix.venue)).toBe('paper');
    expect(fixSessionOf('sim')).toBeNull();
    expect(readFixForm({ ...fix, algorithm: 'agent' }, 'paper', 2)).toEqual({
      work: { sessionId: 'paper', side: 'buy', quantity: 1_500, horizonSec: 30, strategy: 'agent', slices: 10, md: { kind: 'fix' } }, errors: {},
    });
    expect(readFixForm({ ...fix, algorithm: 'almgren-chriss', acSigma: '0.5', acEta: '0.01' }, 'paper', 2).work).toMatchObject({ ac: { sigmaUnitsPerSqrtSec: 0.5, etaUnitsPerRate: 0.01 } });
  });
  it('TWAP without market data needs the reference price, read exactly in price units', () => {
    expect(readFixForm({ ...fix, algorithm: 'twap', md: 'none', refPrice: '100.25' }, 'paper', 2).work).toMatchObject({ md: { kind: 'none' }, refPriceUnits: 10_025 });
    expect(readFixForm({ ...fix, algorithm: 'twap', md: 'none', refPrice: '100.255' }, 'paper', 2).errors.refPrice).toMatch(/at most 2 decimals/);
    expect(readFixForm({ ...fix, algorithm: 'twap', md: 'none', refPrice: '' }, 'paper', 2).work).toBeNull();
  });
  it('names what a strategy needs: a feed for priced ones, σ and η for Almgren-Chriss; POV at 10 %', () => {
    expect(readFixForm({ ...fix, algorithm: 'vwap', md: 'none', refPrice: '100' }, 'paper', 2).errors.md).toMatch(/VWAP prices its child orders off the book/);
    expect(readFixForm({ ...fix, algorithm: 'pov' }, 'paper', 2).work).toMatchObject({ strategy: 'pov', povRate: 0.1, md: { kind: 'fix' } });
    expect(readFixForm({ ...fix, algorithm: 'almgren-chriss' }, 'paper', 2).errors.ac).toMatch(/σ .* η/);
    expect(readFixForm({ ...fix, quantity: '0', slices: '0' }, 'paper', 2).errors).toMatchObject({ quantity: expect.stringContaining('1 or more'), slices: expect.stringContaining('1 to 1,000') });
  });
});

describe('agents rows', () => {
  const p = {
    children: [
      { clientOrderId: 'P1', side: 1, type: 'limit DAY', size: 100, filled: 40, priceUnits: 10_000, avgPriceUnits: 10_000, status: 'PartiallyFilled', createdNs: 5, reason: null },
      { clientOrderId: 'P2', side: 1, type: 'market IOC', size: 50, filled: 50, priceUnits: null, avgPriceUnits: 10_001, status: 'Filled', createdNs: 9, reason: null },
    ],
    fills: [
      { tsNs: 6, clientOrderId: 'P1', side: 1, priceUnits: 10_000, size: 20, aggressor: false },
      { tsNs: 7, clientOrderId: 'P1', side: 1, priceUnits: 10_000, size: 20, aggressor: false },
      { tsNs: 9, clientOrderId: 'P2', side: 1, priceUnits: 10_001, size: 50, aggressor: true },
    ],
  } as unknown as Supervised;
  it('keys children by id with leaves (0 once terminal) and fills by order and index', () => {
    expect(childRows(p).map((r) => [r.id, r.leaves])).toEqual([['P1', 60], ['P2', 0]]);
    expect(fillRows(p).map((r) => r.id)).toEqual(['P1#1', 'P1#2', 'P2#1']);
  });
  it('lists a decision\'s probabilities highest first with the chosen action marked', () => {
    const d = { action: 1, probs: [0.2, 0.7, 0.1] } as unknown as Supervised['decisions'][number];
    expect(decisionBars(['wait', '½ passive', 'cross'], d)).toEqual([
      { label: '½ passive', value: 0.7, chosen: true, kind: 'p' }, { label: 'wait', value: 0.2, chosen: false, kind: 'p' }, { label: 'cross', value: 0.1, chosen: false, kind: 'p' },
    ]);
  });
});

describe('the agent model in the run form', () => {
  const dir = '/home/me/models/my-agent';
  it('a simulated run of the agent carries the chosen folder; the shipped agent and the other strategies carry none', () => {
    expect(readAgentForm({ ...DEFAULT_AGENT_FORM, algorithm: 'agent', agentModel: dir }).ticket).toMatchObject({ algorithm: 'agent', agentModel: dir });
    expect(readAgentForm({ ...DEFAULT_AGENT_FORM, algorithm: 'agent', agentModel: '' }).ticket).not.toHaveProperty('agentModel');
    // A model chosen earlier stays in the form, but a TWAP run does not name it.
    expect(readAgentForm({ ...DEFAULT_AGENT_FORM, algorithm: 'twap', agentModel: dir }).ticket).not.toHaveProperty('agentModel');
  });
  it('a FIX run of the agent sends the folder as fix.work agentModel', () => {
    const fix = { ...DEFAULT_AGENT_FORM, venue: 'fix:paper' as const, algorithm: 'agent' as const, agentModel: dir };
    expect(readFixForm(fix, 'paper', 2).work).toMatchObject({ strategy: 'agent', agentModel: dir });
    expect(readFixForm({ ...fix, algorithm: 'vwap' }, 'paper', 2).work).not.toHaveProperty('agentModel');
  });
  it('names a parent\'s model by name and short hash, the rest in the tooltip; none for a parent without the agent', () => {
    const model = { path: dir, name: 'my-agent', version: '0.1.0', weightsSha256: '47c406b26fadb467' + '0'.repeat(48) };
    expect(modelLine({ model })).toBe('my-agent · 47c406b2');
    expect(modelTitle({ model })).toBe(`Model my-agent: ${dir} · 0.1.0 · weights SHA-256 ${model.weightsSha256}`);
    // An uploaded folder is renamed by the host: shown under the name the picker knows it by.
    const uploaded = { ...model, path: '/data/uploads/my-agent-1a2b3c4d', name: 'my-agent-1a2b3c4d' };
    expect(modelLine({ model: uploaded }, new Map([[uploaded.path, 'my-agent']]))).toBe('my-agent · 47c406b2');
    expect(modelLine({ model: uploaded }, new Map())).toBe('my-agent-1a2b3c4d · 47c406b2');
    expect(modelLine({ model: null })).toBeNull();
    expect(modelLine({})).toBeNull();
  });
});
