import { describe, expect, it } from 'vitest';
import { ALGORITHM_NAMES, createExecutor, type AlgorithmConfig, type AlgorithmName } from './index.js';
import { abmRig, childRows } from './test-support.js';

const model = { sigmaUnitsPerSqrtSec: 1, etaUnitsPerRate: 0.01 };
const CONFIGS: Record<AlgorithmName, AlgorithmConfig> = {
  'submit-and-leave': { name: 'submit-and-leave' },
  immediate: { name: 'immediate' },
  twap: { name: 'twap', slices: 6 },
  vwap: { name: 'vwap', slices: 6, curve: { edgesNs: [0, 40e9, 80e9], volumes: [3, 1] } },
  pov: { name: 'pov', rate: 0.05 },
  'almgren-chriss': { name: 'almgren-chriss', slices: 6, model },
  'adaptive-shortfall': { name: 'adaptive-shortfall', slices: 6, model },
};

function run(algo: AlgorithmConfig, seed: number): string[] {
  const rig = abmRig(seed, 70);
  rig.runTo(5);
  const limit = Math.round(rig.ctx.book.mid()) + 5;
  const spec = rig.parent({ quantity: 6_000, startSec: 5, endSec: 65, riskAversion: 1e-5, limitPriceUnits: limit, maxParticipation: 0.2 });
  const ex = createExecutor(rig.ctx, spec, algo, { tape: rig.tape });
  ex.start();
  rig.runTo(70);
  expect(ex.parent.refusals).toEqual([]);
  return childRows(rig.path);
}

describe('determinism', () => {
  it.each(ALGORITHM_NAMES)('%s: same seed ⇒ same child-order sequence', (name) => {
    const a = run(CONFIGS[name], 51);
    expect(a.length).toBeGreaterThan(0);
    expect(run(CONFIGS[name], 51)).toEqual(a);
  });

  it('a different seed gives a different market and different children', () => {
    expect(run(CONFIGS.twap, 52)).not.toEqual(run(CONFIGS.twap, 51));
  });

  it('createExecutor rejects POV without a tape', () => {
    const rig = abmRig(53, 10);
    expect(() => createExecutor(rig.ctx, rig.parent({ quantity: 10, startSec: 1, endSec: 5 }), { name: 'pov', rate: 0.1 })).toThrow('pov needs a market trade feed');
  });
});
