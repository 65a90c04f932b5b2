import { describe, expect, it } from 'vitest';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { FixSessionsApi } from '../../../main/contract/fix-sessions.js';
import { errorWords, hostAccess } from './host-access.js';

const api = { platform: 'browser', request: async () => undefined, onEvent: () => () => {} } as unknown as SlipstreamApi;
const loc = (search: string) => ({ location: { search, origin: 'http://127.0.0.1:5000', protocol: 'http:' } as Location });

describe('hostAccess', () => {
  it('browser: calls /api/fix-sessions with the token, and rejects with the host error object', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    const replies = [
      new Response(JSON.stringify({ sessions: [], passwordStore: 'k' }), { status: 200 }),
      new Response(JSON.stringify({ error: { code: 'validation', field: 'port', message: 'Invalid FIX session: port must be at most 65535' } }), { status: 400 }),
      new Response('oops', { status: 500 }),
    ];
    const access = hostAccess(api, loc('?token=abc'), async (url, init) => {
      calls.push([url, init]);
      return replies.shift()!;
    })!;
    expect(await access.fixSessions.list()).toEqual({ sessions: [], passwordStore: 'k' });
    await expect(access.fixSessions.save({ name: 'a', host: 'h', port: 70000, senderCompId: 'A', targetCompId: 'B', heartBtIntSec: 1, resetOnLogon: false })).rejects.toEqual({ code: 'validation', field: 'port', message: 'Invalid FIX session: port must be at most 65535' });
    await expect(access.fixSessions.remove('x1')).rejects.toMatchObject({ message: 'DELETE /api/fix-sessions: HTTP 500' });
    expect(calls.map(([u, i]) => `${i?.method ?? 'GET'} ${u}`)).toEqual([
      'GET http://127.0.0.1:5000/api/fix-sessions?token=abc',
      'PUT http://127.0.0.1:5000/api/fix-sessions?token=abc',
      'DELETE http://127.0.0.1:5000/api/fix-sessions?token=abc&id=x1',
    ]);
  });

  it('electron: uses the preload bridge; no host at all gives null', () => {
    const fixSessions = {} as FixSessionsApi;
    const eapi = { ...api, platform: 'electron', getSettings: async () => ({}), setSettings: async () => ({}) } as unknown as SlipstreamApi;
    expect(hostAccess(eapi, { ...loc(''), slipstream: { fixSessions } })?.fixSessions).toBe(fixSessions);
    expect(hostAccess(api, loc(''))).toBeNull();
  });

  it('errorWords keeps the message and field of an error object', () => {
    expect(errorWords({ message: 'm', field: 'f' })).toEqual({ message: 'm', field: 'f' });
    expect(errorWords(new Error('e'))).toEqual({ message: 'e', field: null });
    expect(errorWords(3)).toEqual({ message: '3', field: null });
  });
});
