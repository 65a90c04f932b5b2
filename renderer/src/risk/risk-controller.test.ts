import { describe, expect, it } from 'vitest';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import { RiskController } from './risk-controller.js';

function fakeApi(handlers: Record<string, (args: any) => unknown>) {
  const calls: { command: string; args: any }[] = [];
  const api: SlipstreamApi = {
    platform: 'browser',
    async request(command, args) {
      calls.push({ command: String(command), args });
      const h = handlers[String(command)];
      if (!h) throw Object.assign(new Error(`no ${String(command)}`), { code: 'state' });
      return h(args) as never;
    },
    onEvent: () => () => {},
  };
  return { api, calls };
}

describe('RiskController', () => {
  it('edits as typed, saves with risk.setLimits on Enter, reverts on Escape, and never overwrites what is being typed', async () => {
    let engine: Record<string, unknown> = { maxOrderQty: 100_000 };
    const { api, calls } = fakeApi({
      'risk.getLimits': () => engine,
      'risk.getKillSwitch': () => ({ global: false, agents: [] }),
      'risk.usage': () => ({ workingParents: 0, items: [], highest: null, denials: [] }),
      'risk.setLimits': (a) => (engine = a.limits),
    });
    const r = new RiskController(api);
    await r.refresh();
    expect(r.store.getState().texts.maxOrderQty).toBe('100,000');
    r.setText('maxOrderQty', '-1');
    expect(r.store.getState().errors.maxOrderQty).toBe('Max order quantity -1 must be 0 or more (empty = no limit).');
    await r.save();
    expect(calls.some((c) => c.command === 'risk.setLimits')).toBe(false);
    // An engine event while editing leaves the typed text alone.
    r.onEvent('risk.limits', { maxOrderQty: 7 });
    expect(r.store.getState().texts.maxOrderQty).toBe('-1');
    r.revert();
    expect(r.store.getState()).toMatchObject({ edited: false, errors: {}, texts: { maxOrderQty: '7' } });
    r.setText('maxOrderQty', '500');
    r.setText('maxOpenOrders', '3');
    await r.save();
    expect(calls.find((c) => c.command === 'risk.setLimits')!.args).toEqual({ limits: { maxOrderQty: 500, maxOpenOrders: 3 } });
    expect(r.store.getState()).toMatchObject({ edited: false, limits: { maxOrderQty: 500, maxOpenOrders: 3 } });
  });

  it('shows the engine\'s refusal where the limits were saved', async () => {
    const { api } = fakeApi({
      'risk.setLimits': () => {
        throw { code: 'validation', message: 'risk.setLimits: limits.maxOrderQty: must be 0 or more (max order quantity)', field: 'limits.maxOrderQty' };
      },
    });
    const r = new RiskController(api);
    r.setText('maxOrderQty', '5');
    await r.save();
    expect(r.store.getState().saveError).toBe('risk.setLimits: limits.maxOrderQty: must be 0 or more (max order quantity)');
  });

  it('asks to confirm the kill switch, and sends nothing when backed out', async () => {
    let state = { global: false, agents: [] as string[] };
    const { api, calls } = fakeApi({ 'risk.setKillSwitch': (a) => (state = { global: a.on, agents: [] }) });
    const r = new RiskController(api);
    r.requestKill();
    expect(r.store.getState().confirm).toEqual({ on: true });
    r.cancelConfirm();
    await r.confirmKill();
    expect(calls).toEqual([]);
    r.requestKill();
    await r.confirmKill();
    expect(calls).toEqual([{ command: 'risk.setKillSwitch', args: { scope: 'global', on: true } }]);
    expect(r.store.getState()).toMatchObject({ confirm: null, killSwitch: state });
    // On, the same key asks to turn it off.
    r.requestKill();
    expect(r.store.getState().confirm).toEqual({ on: false });
  });
});
