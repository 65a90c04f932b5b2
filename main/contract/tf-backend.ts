/**
 * TensorFlow.js backend names, shared by the engine (`main/learning/tf-backend.ts`), the settings
 * schema, the CLIs and the browser compute page. Node backends in order of preference; browser
 * backends likewise (the compute page tries them in this order).
 */
export const NODE_TF_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
/** A backend the engine can run in Node. */
export type NodeTfBackend = (typeof NODE_TF_BACKENDS)[number];
/** `auto` = the best present; a name = that backend or a clear error. Invariant: one of `TF_BACKEND_PREFERENCES`. */
export type TfBackendPreference = 'auto' | NodeTfBackend;
/** Every value a backend preference may take (settings, `--backend`). */
export const TF_BACKEND_PREFERENCES = ['auto', ...NODE_TF_BACKENDS] as const;

/** Backends of the browser compute page, in the order it tries them. */
export const BROWSER_TF_BACKENDS = ['webgpu', 'webgl', 'cpu'] as const;
/** A backend the compute page can run in Chromium. */
export type BrowserTfBackend = (typeof BROWSER_TF_BACKENDS)[number];
