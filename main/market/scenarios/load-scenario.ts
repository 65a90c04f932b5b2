import { readFileSync } from 'node:fs';
import { isPresetName, PRESET_INPUTS, PRESET_NAMES } from './presets.js';
import { parseScenario, ScenarioError, type Scenario } from './scenario-schema.js';

/**
 * A preset by name (`calm`, `volatile`, …) or a JSON scenario file by path. Returns a fresh,
 * validated object (the caller may modify it). Throws `ScenarioError` naming the file (as
 * given) and, for invalid content, the field: `scenario.json: agents.marketMakers.count:
 * expected a number ≥ 0, got -3`.
 */
export function loadScenario(nameOrPath: string): Scenario {
  if (isPresetName(nameOrPath)) return parseScenario(PRESET_INPUTS[nameOrPath], `preset ${nameOrPath}`);
  let text: string;
  try {
    text = readFileSync(nameOrPath, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? String(e);
    throw new ScenarioError(`${nameOrPath}: not a preset (${PRESET_NAMES.join(', ')}) and not a readable file (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(`${nameOrPath}: invalid JSON: ${(e as Error).message}`);
  }
  return parseScenario(json, nameOrPath);
}
