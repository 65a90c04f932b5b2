import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BodyTimeoutError, readBody } from './http-util.js';

describe('readBody', () => {
  it('reads a body, and abandons one that stalls (closing its socket)', async () => {
    const outcomes: Array<string | Error> = [];
    const server = http.createServer((req, res) => {
      readBody(req, 100, 200).then(
        (text) => (outcomes.push(text), res.end('ok')),
        (err: Error) => outcomes.push(err),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    expect(await (await fetch(`http://127.0.0.1:${port}/`, { method: 'PUT', body: 'hello' })).text()).toBe('ok');
    const closed = await new Promise<string>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: '/' }, () => resolve('answered'));
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.write('partial'); // and nothing more
    });
    expect(closed).toBe('ECONNRESET');
    expect(outcomes[0]).toBe('hello');
    expect(outcomes[1]).toBeInstanceOf(BodyTimeoutError);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
});
