import type { WhatIfArgs, WhatIfResult } from '../contract/whatif.js';
import type { PathSim } from '../execution/what-if/path-sim.js';
import { scenarioPath } from '../execution/what-if/scenario-path.js';
import { WhatIfRun } from '../execution/what-if/what-if-run.js';
import { PRESET_INPUTS, PRESET_NAMES } from '../market/scenarios/index.js';
import { EngineError } from './engine-error.js';
import { agentPolicyFor } from '../execution/agent/agent-policies.js';
import { defaultAgentModelDir } from '../execution/agent/default-agent.js';
import { dataErrorMessage } from './file-access-excerpt.js';
import { DataFormatError } from '../market/readers/reader.js';
import type { JobRegistry } from './job-registry.js';
import { listSamples } from './samples.js';

/** Builds a historical path (real day) for a what-if; supplied by the replay-venue module. */
export type ReplayPathFactory = (files: string[], seed: number, impact: boolean, withOrders: boolean) => PathSim;

/** Scenario names and descriptions for the What-if screen. */
export function listScenarios(): Array<{ name: string; description: string }> {
  return PRESET_NAMES.map((name) => ({ name, description: PRESET_INPUTS[name].description ?? '' }));
}

/**
 * Runs a what-if as a job: progress (fraction, steps/s, time left) while it works, cancellable
 * between 40 ms slices. Bad input (an unknown scenario or sample) is an error naming the field.
 */
export async function runWhatIf(
  args: WhatIfArgs & { order: { slices: number; impact: boolean } },
  jobs: JobRegistry,
  samplesDir: string,
  replayPath: ReplayPathFactory | null,
  runId: string,
): Promise<WhatIfResult> {
  const src = args.source;
  let factory: (withOrders: boolean) => PathSim;
  let label: string;
  if (src.kind === 'scenario') {
    if (!(PRESET_NAMES as readonly string[]).includes(src.name)) {
      throw new EngineError('validation', `Unknown scenario "${src.name}" (choose one of ${PRESET_NAMES.join(', ')})`, 'source.name');
    }
    factory = () => scenarioPath(src.name, src.durationSec, args.seed);
    label = src.name;
  } else {
    let files: string[];
    if (src.kind === 'sample') {
      const s = listSamples(samplesDir).find((x) => x.id === src.id);
      if (!s) throw new EngineError('not-found', `No bundled sample "${src.id}"`, 'source.id');
      files = s.files;
    } else {
      files = src.files;
    }
    if (!replayPath) throw new EngineError('state', 'What-if on a real day is not available in this build');
    factory = (withOrders) => replayPath(files, args.seed, args.order.impact, withOrders);
    label = files[0]!.split(/[\\/]/).pop()!;
  }
  if (args.order.algorithm === 'agent') {
    // The agent's model: the folder given, else the shipped one; a folder that does not fit is refused here, naming the field.
    let dir = args.order.agentModel;
    try {
      dir ??= defaultAgentModelDir();
      agentPolicyFor(dir);
    } catch (e) {
      throw new EngineError('validation', e instanceof Error ? e.message : String(e), 'order.agentModel');
    }
    args = { ...args, order: { ...args.order, agentModel: dir } };
  }
  const run = new WhatIfRun(args, factory, runId);
  const job = jobs.start(`What-if ${label}`, 'steps/s');
  let steps = 0;
  try {
    while (!run.step(40)) {
      steps++;
      job.report(run.progress(), steps);
      await new Promise<void>((r) => setImmediate(r));
      if (job.cancelled) throw new EngineError('cancelled', `What-if ${label} was cancelled`);
    }
  } catch (e) {
    jobs.end(job, steps);
    if (e instanceof EngineError) throw e;
    // Data errors quote a short excerpt of the user's file and its name only (file-access-excerpt.ts).
    throw new EngineError(e instanceof DataFormatError ? 'data-format' : 'internal', dataErrorMessage(e));
  }
  jobs.end(job, steps);
  const result = run.result();
  if (args.order.algorithm !== 'agent' || args.order.agentModel === undefined) return result;
  // The result says which model traded: folder, version and weights hash (as the TCA's agent rows do).
  const m = agentPolicyFor(args.order.agentModel).model;
  return { ...result, model: { path: m.path ?? args.order.agentModel, version: m.version ?? 'unversioned', weightsSha256: m.weightsSha256 ?? 'none' } };
}
