import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shipped agent's folder, relative to the app's root. */
export const DEFAULT_AGENT_FOLDER = join('native-models', 'execution-default');

/**
 * The shipped execution agent's model folder (what a plain `agent` strategy means): the first of
 * `$SLIPSTREAM_NATIVE_MODELS/execution-default`, then `native-models/execution-default` in the
 * working folder or any folder above it, then above this module (the sources or the CLI bundle
 * inside the app), that holds a manifest.json. Throws an Error saying how to get one when none does.
 */
export function defaultAgentModelDir(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): string {
  const tried: string[] = [];
  const ok = (d: string) => {
    tried.push(d);
    return existsSync(join(d, 'manifest.json'));
  };
  if (env.SLIPSTREAM_NATIVE_MODELS) {
    const d = resolve(env.SLIPSTREAM_NATIVE_MODELS, 'execution-default');
    if (ok(d)) return d;
  }
  for (const start of [cwd, dirname(fileURLToPath(import.meta.url))]) {
    for (let d = resolve(start); ; d = dirname(d)) {
      if (ok(join(d, DEFAULT_AGENT_FOLDER))) return join(d, DEFAULT_AGENT_FOLDER);
      if (dirname(d) === d) break;
    }
  }
  throw new Error(`agent: the shipped model ${DEFAULT_AGENT_FOLDER}/ is absent (looked for manifest.json in ${tried.length} folders, e.g. ${tried[0]}); train it with npm run train:default, or name a model folder as agent:DIR`);
}
