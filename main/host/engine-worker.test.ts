import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { readEngineOptions } from './engine-worker.js';

const entry = new URL('./engine-worker.ts', import.meta.url);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// tsx's ESM API, as a file URL a data: module can import (bare specifiers do not resolve there).
const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const options = { host: 'headless', samplesDir: '/tmp/samples', dataDir: '/tmp/data' };

/** A worker thread running the .ts entry: tsx must be registered inside the thread itself. */
function startThread(workerData: object): Worker {
  const boot = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

/** Waits for the next message matching `pred`. */
function nextMessage(on: (cb: (m: any) => void) => void, pred: (m: any) => boolean = () => true): Promise<any> {
  return new Promise((resolve) => on((m) => pred(m) && resolve(m)));
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('engine-worker in a worker thread', () => {
  it('relays requests to the engine and survives bad messages', async () => {
    const w = startThread(options);
    cleanups.push(() => w.terminate());
    const on = (cb: (m: any) => void) => w.on('message', cb);

    for (const bad of [null, 42, 'hello', { kind: 'request', id: 'x' }]) w.postMessage(bad);
    w.postMessage({ kind: 'request', id: 5, command: 'engine.hello', args: {} });
    const hello = await nextMessage(on, (m) => m.id === 5);
    expect(hello).toMatchObject({ kind: 'response', ok: true, result: { host: 'headless', engineThread: 'worker-thread' } });
  });

  it('answers a malformed request with a validation error', async () => {
    const w = startThread(options);
    cleanups.push(() => w.terminate());
    w.postMessage({ kind: 'request', id: 1, command: '' });
    const res = await nextMessage((cb) => w.on('message', cb));
    expect(res).toMatchObject({ id: 1, ok: false, error: { code: 'validation' } });
  });

  it('opens a file outside the allowed folders only after the host grants it (dialog pick)', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slip-grant-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'bars.csv');
    fs.writeFileSync(file, 'timestamp,open,high,low,close,volume\n2024-01-02T14:30:00Z,10,11,9,10.5,100\n');
    const w = startThread({ ...options, dataDir: path.join(dir, 'data') });
    cleanups.push(() => w.terminate());
    const on = (cb: (m: any) => void) => w.on('message', cb);
    w.postMessage({ kind: 'request', id: 1, command: 'market.open', args: { files: [file] } });
    expect(await nextMessage(on, (m) => m.id === 1)).toMatchObject({ ok: false, error: { code: 'validation', field: 'files.0' } });
    w.postMessage({ kind: 'host.grantFiles', files: [file] });
    w.postMessage({ kind: 'request', id: 2, command: 'market.open', args: { files: [file] } });
    expect(await nextMessage(on, (m) => m.id === 2)).toMatchObject({ ok: true, result: { format: 'bars' } });
  });

  it('stops cleanly on the host shutdown message', async () => {
    const w = startThread(options);
    const code = new Promise((r) => w.once('exit', r));
    w.postMessage({ kind: 'host.shutdown' });
    expect(await code).toBe(0);
  });

  it('reports bad options as an engine.error event and exits', async () => {
    const w = startThread({ host: 'nowhere' });
    const code = new Promise((r) => w.once('exit', r));
    const ev = await nextMessage((cb) => w.on('message', cb));
    expect(ev).toMatchObject({ kind: 'event', name: 'engine.error', payload: { code: 'internal' } });
    expect(ev.payload.message).toContain('host');
    expect(await code).toBe(2);
  });
});

describe('engine-worker in an Electron utilityProcess', () => {
  // Stands in for Electron: process.parentPort delivers { data } events, queues them until a
  // listener exists (as Electron's does), and posts to the parent. Loaded before tsx so no IPC
  // message can arrive while nobody listens.
  const shim = `import { EventEmitter } from 'node:events';
    const port = new EventEmitter();
    const queued = [];
    port.postMessage = (m) => process.send(m);
    port.on('newListener', (event) => event === 'message' && queueMicrotask(() => queued.splice(0).forEach((m) => port.emit('message', { data: m }))));
    process.on('message', (m) => (port.listenerCount('message') ? port.emit('message', { data: m }) : queued.push(m)));
    process.parentPort = port;`;

  it('uses process.parentPort and reads options from argv', async () => {
    const child: ChildProcess = fork(fileURLToPath(entry), ['--host=electron', '--samples-dir=/s', '--data-dir=/d'], {
      cwd: repoRoot,
      execArgv: ['--import', `data:text/javascript,${encodeURIComponent(shim)}`, '--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    cleanups.push(() => child.kill());
    child.send({ kind: 'request', id: 3, command: 'engine.hello', args: {} });
    const res = await nextMessage((cb) => child.on('message', cb), (m) => m.id === 3);
    expect(res.result).toMatchObject({ host: 'electron', engineThread: 'utility-process' });
  });
});

describe('readEngineOptions', () => {
  it('prefers workerData over argv and fills the thread kind', () => {
    const o = readEngineOptions({ ...options, __tsEntry: 'x' }, ['--host=electron'], 'worker-thread');
    expect(o).toEqual({ host: 'headless', engineThread: 'worker-thread', samplesDir: '/tmp/samples', dataDir: '/tmp/data' });
  });

  it('reads configured data folders from workerData or repeated --data-folder arguments', () => {
    expect(readEngineOptions({ ...options, dataFolders: ['/f1'] }, [], 'worker-thread').dataFolders).toEqual(['/f1']);
    const o = readEngineOptions(undefined, ['--host=electron', '--samples-dir=/s', '--data-dir=/d', '--data-folder=/a', '--data-folder=/b c'], 'utility-process');
    expect(o.dataFolders).toEqual(['/a', '/b c']);
  });

  it('names the missing option', () => {
    expect(() => readEngineOptions(undefined, ['--host=electron'], 'utility-process')).toThrow(/samplesDir/);
  });
});
