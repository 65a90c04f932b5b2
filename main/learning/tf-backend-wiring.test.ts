/**
 * The backend setting end to end on the engine's side: the settings schema validates it (naming
 * the field), the engine worker reads it from its options, and `engine.hello` (the status bar's
 * source) names the backend, forced or not, and says when a forced one is absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { validateSettingsPatch } from '../../app/settings/settings-schema.js';
import type { ServerMessage } from '../contract/index.js';
import { Engine, type EngineOptions } from '../host/engine.js';
import { readEngineOptions } from '../host/engine-worker.js';
import { selectTfBackendOrBest } from './tf-backend.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'slip-tf-backend-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function hello(tfBackend: EngineOptions['tfBackend']): Promise<string> {
  let reply: ServerMessage | null = null;
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir, tfBackend }, (m) => void (reply = m));
  engine.handle({ kind: 'request', id: 1, command: 'engine.hello', args: {} });
  for (let i = 0; i < 500 && reply === null; i++) await new Promise((r) => setTimeout(r, 10));
  engine.dispose();
  const r = reply as ServerMessage | null;
  if (r?.kind !== 'response' || !r.ok) throw new Error(`engine.hello failed: ${JSON.stringify(r)}`);
  return (r.result as { tfBackend: string }).tfBackend;
}

async function tfjsNodePresent(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-node' as string);
    return true;
  } catch {
    return false;
  }
}

describe('TF.js backend setting', () => {
  it('the settings schema accepts auto and the Node backends, and refuses others naming tfBackend', () => {
    for (const v of ['auto', 'tensorflow', 'wasm', 'cpu']) expect(validateSettingsPatch({ tfBackend: v })).toEqual({ ok: true, value: { tfBackend: v } });
    const bad = validateSettingsPatch({ tfBackend: 'webgpu' });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.field).toBe('tfBackend');
  });

  it('the engine worker reads --tf-backend= and refuses an unknown one', () => {
    expect(readEngineOptions(undefined, ['--host=electron', '--samples-dir=/s', '--data-dir=/d', '--tf-backend=cpu'], 'utility-process').tfBackend).toBe('cpu');
    expect(readEngineOptions({ host: 'headless', samplesDir: '/s', dataDir: '/d', tfBackend: 'wasm' }, [], 'worker-thread').tfBackend).toBe('wasm');
    expect(() => readEngineOptions(undefined, ['--host=electron', '--samples-dir=/s', '--data-dir=/d', '--tf-backend=gpu'], 'utility-process')).toThrow(/tfBackend/);
  });

  it('engine.hello names the backend: forced cpu, and a forced absent backend falls back saying so', async () => {
    expect(await hello('cpu')).toBe('cpu (forced)');
    const auto = await hello(undefined);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(auto);
    if (await tfjsNodePresent()) return;
    const label = await hello('tensorflow');
    expect(label).toBe(`${auto} — tensorflow (settings tfBackend) is not available`);
    const r = await selectTfBackendOrBest('tensorflow', '--backend');
    expect(r.error).toMatch(/^TensorFlow\.js backend "tensorflow" \(forced by --backend\) is not available here/);
  });
});
