export { MODEL_FORMAT_VERSION, PACKAGE_VERSION, ModelManifestSchema, jsonMetrics, parseManifest, type ModelActionSpace, type ModelManifest, type ModelManifestInput } from './manifest.js';
export { buildModelJson, type ModelJson, type NamedMlp, type NamedTensor } from './model-json.js';
export {
  MANIFEST_JSON, MODEL_JSON, WEIGHTS_BIN, loadModelFolder, loadModelFolderSync, saveModelFolder, saveModelFolderSync, sha256Hex,
  type LoadedModelFolder, type ModelFolderContents,
} from './model-folder.js';
export { modelFolderIOHandler } from './fs-io-handler.js';
export { checkModelMatchesEnv, loadPolicy, policyOf, type EnvShape, type LoadedPolicy, type PolicyDecision } from './load-policy.js';
