import { describe, expect, it } from 'vitest';
import { EngineError, errorDetails, toEngineError } from './engine-error.js';
import { apiUrl, detectHost, wsUrl } from './host-info.js';
import { cachedSettings, localSettings, pickUiSettings } from './settings.js';
import { createWsClient, type WebSocketLike } from './ws-client.js';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: WebSocketLike['onopen'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  send(d: string) {
    this.sent.push(d);
  }
  close() {
    this.readyState = 3;
    this.onclose?.({ code: 1000, reason: '' } as CloseEvent);
  }
  open() {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) } as MessageEvent);
  }
}

describe('createWsClient', () => {
  it('queues requests until open, resolves results and rejects with the engine’s words', async () => {
    const sockets: FakeSocket[] = [];
    const client = createWsClient('ws://x/ws?token=t', () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    });
    const hello = client.request('engine.hello', {});
    const bad = client.request('market.openSample', { id: 'nope' });
    const s = sockets[0]!;
    expect(s.sent).toHaveLength(0);
    s.open();
    expect(client.connection.getState().status).toBe('open');
    const reqs = s.sent.map((t) => JSON.parse(t) as { id: number; command: string; kind: string });
    expect(reqs.map((r) => r.command)).toEqual(['engine.hello', 'market.openSample']);
    expect(reqs[0]!.kind).toBe('request');
    s.receive({ kind: 'response', id: reqs[0]!.id, ok: true, result: { version: '1', host: 'headless', engineThread: 'worker-thread', tfBackend: 'cpu', startedAtMs: 0 } });
    s.receive({ kind: 'response', id: reqs[1]!.id, ok: false, error: { code: 'not-found', message: 'No sample "nope"', field: 'id' } });
    expect((await hello).tfBackend).toBe('cpu');
    const err = await bad.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toBe('No sample "nope"');
    expect((err as EngineError).command).toBe('market.openSample');
    client.close();
  });

  it('delivers events and fails pending requests when the socket drops', async () => {
    const sockets: FakeSocket[] = [];
    const client = createWsClient('ws://x', () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    });
    const s = sockets[0]!;
    s.open();
    const got: string[] = [];
    client.onEvent((name) => got.push(name));
    s.receive({ kind: 'event', name: 'replay.state', payload: {} });
    expect(got).toEqual(['replay.state']);
    const p = client.request('replay.pause', {});
    client.close();
    await expect(p).rejects.toBeInstanceOf(EngineError);
  });
});

describe('toEngineError', () => {
  it('keeps ErrorInfo objects from the Electron bridge', () => {
    const e = toEngineError({ code: 'data-format', message: 'Bad row 12', details: 'line 12' }, 'market.open', { files: ['a'] });
    expect(e.info.code).toBe('data-format');
    expect(e.message).toBe('Bad row 12');
    expect(e.details()).toContain('command: market.open');
    expect(e.details()).toContain('line 12');
  });

  it('unwraps Electron’s remote-method prefix and JSON messages', () => {
    const e = toEngineError(new Error(`Error invoking remote method 'engine:request': Error: {"code":"state","message":"No session open"}`));
    expect(e.info).toEqual({ code: 'state', message: 'No session open' });
    expect(toEngineError(new Error('boom')).info).toEqual({ code: 'internal', message: 'boom' });
    expect(toEngineError('x').message).toBe('x');
  });

  it('formats details for the clipboard', () => {
    expect(errorDetails({ code: 'validation', message: 'Bad', field: 'speed' }, 'replay.play', { speed: -1 })).toBe('validation: Bad\nfield: speed\ncommand: replay.play\nargs: {"speed":-1}');
  });
});

describe('host detection', () => {
  it('picks Electron when the bridge exists, else the token in the URL', () => {
    expect(detectHost({ search: '', origin: 'file://', protocol: 'file:' }, true).mode).toBe('electron');
    const b = detectHost({ search: '?token=abc', origin: 'http://127.0.0.1:5175', protocol: 'http:' }, false);
    expect(b).toEqual({ mode: 'browser', token: 'abc', origin: 'http://127.0.0.1:5175' });
    expect(detectHost({ search: '', origin: 'http://x', protocol: 'http:' }, false).mode).toBe('none');
    expect(wsUrl('http://127.0.0.1:5175', 'a b')).toBe('ws://127.0.0.1:5175/ws?token=a%20b');
    expect(apiUrl('http://h', '/api/upload', 't', { name: 'x.csv' })).toBe('http://h/api/upload?token=t&name=x.csv');
  });
});

describe('settings', () => {
  it('keeps only valid renderer keys', () => {
    expect(pickUiSettings({ theme: 'light', panelSizes: { a: 300, b: -1, c: 'x' }, replaySpeed: 'max', lastOpenedFiles: ['x'] })).toEqual({ theme: 'light', panelSizes: { a: 300 }, replaySpeed: 'max' });
    expect(pickUiSettings({ theme: 'blue', replaySpeed: 0 })).toEqual({});
    expect(pickUiSettings(null)).toEqual({});
  });

  it('merges patches in local storage', async () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    const local = localSettings(storage);
    await local.save({ theme: 'light' });
    await local.save({ replaySpeed: 100 });
    expect(cachedSettings(storage)).toEqual({ theme: 'light', panelSizes: {}, replaySpeed: 100 });
  });
});
