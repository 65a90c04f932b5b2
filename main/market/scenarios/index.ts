export { loadScenario } from './load-scenario.js';
export { PRESETS, PRESET_INPUTS, PRESET_NAMES, isPresetName, type PresetName } from './presets.js';
export { runScenario, runStylizedFacts, scaleAgents, agentTotal, type RunScenarioOptions, type ScenarioRun } from './run-scenario.js';
export { ScenarioSchema, ScenarioError, parseScenario, formatIssue, toMarketConfig, type Scenario, type ScenarioInput } from './scenario-schema.js';
