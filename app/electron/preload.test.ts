import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { PreloadBridge } from '../../main/contract/client-api.js';

// The sandboxed preload may touch only contextBridge and ipcRenderer; both are faked here.
const exposed: Record<string, unknown> = {};
const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
const replies: Record<string, (...args: unknown[]) => unknown> = {};

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => replies[channel]!(...args),
    on: (channel: string, fn: (...a: unknown[]) => void) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(fn),
    removeListener: (channel: string, fn: (...a: unknown[]) => void) => void listeners.get(channel)?.delete(fn),
  },
}));

let bridge: PreloadBridge;
beforeAll(async () => {
  await import('./preload.js');
  bridge = exposed.slipstream as PreloadBridge;
});

describe('preload bridge', () => {
  it('exposes exactly one object, window.slipstream', () => {
    expect(Object.keys(exposed)).toEqual(['slipstream']);
    expect(bridge.platform).toBe('electron');
  });

  it('resolves with the result, rejects with the engine ErrorInfo', async () => {
    replies['engine:request'] = (command) =>
      command === 'engine.hello'
        ? { kind: 'response', id: 1, ok: true, result: { version: '0.1.0' } }
        : { kind: 'response', id: 2, ok: false, error: { code: 'validation', message: 'files: too small', field: 'files' } };
    await expect(bridge.request('engine.hello', {})).resolves.toEqual({ version: '0.1.0' });
    await expect(bridge.request('market.open', { files: [] })).rejects.toEqual({ code: 'validation', message: 'files: too small', field: 'files' });
  });

  it('delivers events without the IPC event object and unsubscribes', () => {
    const seen: unknown[][] = [];
    const off = bridge.onEvent((name, payload) => seen.push([name, payload]));
    for (const fn of listeners.get('engine:event')!) fn({ sender: 'ipcRenderer!' }, 'replay.state', { state: 'ready' });
    expect(seen).toEqual([['replay.state', { state: 'ready' }]]);
    off();
    expect(listeners.get('engine:event')!.size).toBe(0);
  });

  it('settings: resolves the stored settings, rejects a bad patch naming the field', async () => {
    replies['settings:set'] = (patch) =>
      (patch as { theme?: string }).theme === 'neon'
        ? { ok: false, error: { code: 'validation', message: 'Invalid setting theme', field: 'theme' } }
        : { ok: true, settings: { theme: 'light' } };
    await expect(bridge.setSettings!({ theme: 'light' })).resolves.toEqual({ theme: 'light' });
    await expect(bridge.setSettings!({ theme: 'neon' as 'dark' })).rejects.toMatchObject({ field: 'theme' });
  });

  it('passes menu actions through onMenu', () => {
    const actions: string[] = [];
    bridge.onMenu!((a) => actions.push(a));
    for (const fn of listeners.get('menu:action')!) fn({}, 'open-data-file');
    expect(actions).toEqual(['open-data-file']);
  });
});
