import { describe, expect, it } from 'vitest';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { SettingsBackend, UiSettings } from '../client/settings.js';
import { Controller } from '../shell/controller.js';
import { MarketStore } from '../store/market-store.js';
import { ModelPickerController } from './model-picker-controller.js';
import type { FolderFile } from './model-picker-model.js';
import type { ModelInfo } from './models-controller.js';

const SHA = 'c0ffee00'.padEnd(64, '0');
const base = (over: Partial<ModelInfo>): ModelInfo => ({
  id: 'shipped:execution-default', name: 'execution-default', source: 'shipped', path: '/app/native-models/execution-default', problem: null,
  algorithm: 'ppo', seed: 1, trainingSteps: 1000, backend: 'cpu', formatVersion: '1', packageVersion: '0.1.0', weightsSha256: SHA,
  dataHash: null, observation: null, actionSpace: null, policy: null, config: null, metrics: null, evaluation: null, promotedFrom: null, ...over,
});
const MISMATCH = { code: 'validation', field: 'path', message: 'model does not match the execution environment: obsDim: /up/bad: the model takes 16 inputs, the environment gives 18' };

function setup(savedChoices: Record<string, string> = {}) {
  const calls: { command: string; args: any }[] = [];
  const api: SlipstreamApi = {
    platform: 'browser',
    async request(command, args: any) {
      calls.push({ command: String(command), args });
      if (command === 'models.list') return [base({})] as never;
      if (command === 'models.inspect') {
        if (String(args.path).includes('bad') || String(args.path).includes('gone')) throw MISMATCH;
        return base({ id: `folder:${args.path}`, source: 'folder', name: String(args.path).split('/').pop()!, path: args.path }) as never;
      }
      throw { code: 'state', message: `no ${String(command)}` };
    },
    onEvent: () => () => undefined,
  };
  const saved: Partial<UiSettings>[] = [];
  const settings: SettingsBackend = { kind: 'host', load: async () => ({ modelChoices: savedChoices }), save: async (p) => void saved.push(p) };
  const app = new Controller({ api, settings, market: new MarketStore((cb) => cb()) });
  const uploads: { names: string[]; batch: string }[] = [];
  const picker = new ModelPickerController(app, async (files, batch) => {
    uploads.push({ names: files.map((f) => f.name), batch });
    return `/data/uploads/${batch}`;
  });
  return { app, picker, calls, saved, uploads };
}

const file = (p: string) => ({ name: p.split('/').pop()!, webkitRelativePath: p }) as unknown as File & FolderFile;

describe('ModelPickerController', () => {
  it('uploads a chosen folder as one batch, has the engine check it, lists it under the folder name and keeps the choice in the settings', async () => {
    const { app, picker, calls, saved, uploads } = setup();
    await app.start();
    await picker.chooseFiles('ticket', [file('my agent/model.json'), file('my agent/manifest.json'), file('my agent/weights.bin'), file('my agent/checkpoints/x.bin')]);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.names).toEqual(['model.json', 'manifest.json', 'weights.bin']);
    expect(uploads[0]!.batch).toMatch(/^my-agent-[0-9a-f]{8}$/);
    const dir = `/data/uploads/${uploads[0]!.batch}`;
    expect(calls.filter((c) => c.command === 'models.inspect').map((c) => c.args)).toEqual([{ path: dir }]);
    expect(picker.store.getState().chosen).toEqual([expect.objectContaining({ path: dir, name: 'my agent', source: 'folder' })]);
    expect(app.app.getState().modelChoices).toEqual({ ticket: dir });
    expect(saved.at(-1)).toEqual({ modelChoices: { ticket: dir } });
    expect(picker.store.getState().errors.ticket).toBeNull();
    expect(picker.store.getState().checking.ticket).toBe(false);
  });

  it('shows the engine refusal at the picker (field and words), keeping the previous choice', async () => {
    const { app, picker } = setup();
    await app.start();
    picker.select('whatif', '/app/native-models/execution-default');
    await picker.chooseFiles('whatif', [file('bad/manifest.json')]);
    const err = picker.store.getState().errors.whatif!;
    expect(err.info).toMatchObject({ code: 'validation', field: 'path' });
    expect(err.info.message).toMatch(/obsDim: .*16 inputs/);
    expect(err.command).toBe('models.inspect');
    expect(app.app.getState().modelChoices.whatif).toBe('/app/native-models/execution-default');
    expect(picker.store.getState().chosen).toEqual([]);
    // The next choice clears the refusal.
    picker.select('whatif', '/app/native-models/execution-default');
    expect(picker.store.getState().errors.whatif).toBeNull();
  });

  it('refuses a folder without manifest.json before uploading anything, naming the folder', async () => {
    const { app, picker, uploads } = setup();
    await app.start();
    await picker.chooseFiles('tca.agent.0', [file('days/amzn.csv')]);
    expect(uploads).toEqual([]);
    expect(picker.store.getState().errors['tca.agent.0']!.info).toMatchObject({ field: 'folder', message: expect.stringMatching(/days has no manifest\.json/) });
  });

  it('reads a saved folder back after a restart; one that no longer fits falls back to the default and says why', async () => {
    const { app, picker, calls } = setup({ ticket: '/data/uploads/kept-1', whatif: '/data/uploads/gone-2' });
    await app.start();
    expect(app.app.getState().modelChoices).toEqual({ ticket: '/data/uploads/kept-1', whatif: '/data/uploads/gone-2' });
    await picker.restore('ticket', '/data/uploads/kept-1');
    await picker.restore('ticket', '/data/uploads/kept-1'); // read once only
    expect(calls.filter((c) => c.command === 'models.inspect')).toHaveLength(1);
    expect(picker.store.getState().chosen.map((m) => m.path)).toEqual(['/data/uploads/kept-1']);
    expect(app.app.getState().modelChoices.ticket).toBe('/data/uploads/kept-1');
    await picker.restore('whatif', '/data/uploads/gone-2');
    expect(app.app.getState().modelChoices.whatif).toBeUndefined();
    expect(picker.store.getState().errors.whatif!.info.message).toMatch(/obsDim/);
  });
});
