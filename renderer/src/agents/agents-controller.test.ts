import { describe, expect, it } from 'vitest';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import { EngineError } from '../client/engine-error.js';
import { AgentsController } from './agents-controller.js';

function fakeApi(handlers: Record<string, (args: any) => unknown>) {
  const calls: { command: string; args: any }[] = [];
  const api: SlipstreamApi = {
    platform: 'browser',
    async request(command, args) {
      calls.push({ command: String(command), args });
      const h = handlers[String(command)];
      if (!h) throw new EngineError({ code: 'state', message: `no ${String(command)}` });
      return h(args) as never;
    },
    onEvent: () => () => {},
  };
  return { api, calls };
}

const base = { 'supervision.state': () => [], 'fix.sessions': () => [] };
const dir = '/data/models/my-agent';

describe('AgentsController and the agent model', () => {
  it('starts a simulated agent run with the model the picker chose (orders.submit ticket.agentModel)', async () => {
    const { api, calls } = fakeApi({ ...base, 'orders.submit': () => ({ parentId: 'PO-1', jobId: 'j' }) });
    const c = new AgentsController(api);
    c.setForm({ algorithm: 'agent', agentModel: dir, agentName: 'my-agent' });
    await c.start();
    const sub = calls.find((x) => x.command === 'orders.submit')!;
    expect(sub.args.ticket).toMatchObject({ algorithm: 'agent', agentModel: dir });
  });

  it('starts a FIX agent run with the model as fix.work agentModel', async () => {
    const session = { sessionId: 's1', state: 'logged-on', priceDecimals: 2 };
    const { api, calls } = fakeApi({ ...base, 'fix.sessions': () => [session], 'fix.work': () => ({ parentId: 'F1-x' }) });
    const c = new AgentsController(api);
    await c.poll();
    c.setForm({ algorithm: 'agent', venue: 'fix:s1', md: 'fix', quantity: '100', horizonSec: '30', agentModel: dir });
    await c.start();
    expect(calls.find((x) => x.command === 'fix.work')!.args).toMatchObject({ sessionId: 's1', strategy: 'agent', agentModel: dir });
  });

  it('keeps the engine\'s refusal of the model with its field (the screen shows it at the picker)', async () => {
    const refusal = { code: 'validation' as const, message: 'manifest.json: observation size 12 does not match the environment (14)', field: 'agentModel' };
    const { api } = fakeApi({ ...base, 'orders.submit': () => { throw new EngineError(refusal); } });
    const c = new AgentsController(api);
    c.setForm({ algorithm: 'agent', agentModel: dir });
    await c.start();
    expect(c.store.getState().error?.info).toEqual(refusal);
    expect(c.store.getState().starting).toBe(false);
  });
});
