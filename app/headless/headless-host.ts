import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { EngineLink } from '../engine/engine-link.js';
import { startInProcessEngine } from '../engine/in-process-engine-link.js';
import { superviseEngine, type SupervisedEngineLink } from '../engine/supervised-engine-link.js';
import { startWorkerEngine } from '../engine/worker-engine-link.js';
import { UPLOADS_FOLDER } from '../../main/host/file-access.js';
import { EngineRelay } from '../relay/engine-relay.js';
import { withFixStart } from './fix-start-link.js';
import { createPromiseClient } from '../relay/promise-client.js';
import { openConfSettings } from '../settings/conf-settings.js';
import { FixSessionStore } from '../settings/fix-sessions.js';
import { openFileKeyBox } from '../settings/secret-box.js';
import { syncRiskLimits } from '../settings/risk-limits-sync.js';
import { contentSecurityPolicy } from '../shared/csp.js';
import { sendError } from './http-util.js';
import { cspSafeHost, hostAllowed, originAllowed, urlHost } from './request-guard.js';
import { handleFixSessions } from './fix-sessions-handler.js';
import { handleSettings } from './settings-handler.js';
import { serveStatic } from './static-handler.js';
import { newToken, tokenFrom, tokenMatches } from './token.js';
import { createUploadHandler, type UploadLimits } from './upload-handler.js';
import { defaultUserDirs } from './user-dirs.js';
import { createWsGateway } from './ws-gateway.js';

/** Options of `startHeadlessHost`; every one has a default. */
export interface HeadlessHostOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Address to bind; 127.0.0.1 by default. Anything else exposes the host beyond this machine. */
  host?: string;
  /** The built renderer; dist/renderer by default. */
  rendererDir?: string;
  /** Where the engine runs: a worker thread (default) or this thread. */
  engineMode?: 'worker' | 'in-process';
  /** Results, uploads, database. Default: the platform's user data folder (or SLIPSTREAM_DATA_DIR). */
  dataDir?: string;
  /**
   * Folders whose data files the browser may open by path (besides uploads and samples); default:
   * SLIPSTREAM_DATA_FOLDERS (separated by the platform's path delimiter), else none.
   */
  dataFolders?: string[];
  /**
   * Further page origins allowed to open the WebSocket, each exactly `scheme://host:port` (e.g. the
   * vite dev server proxying /ws); default: SLIPSTREAM_ALLOWED_ORIGINS (comma-separated), else none.
   */
  allowedOrigins?: string[];
  /** Upload size cap, total quota and timeouts; `UPLOAD_LIMITS` by default. */
  uploadLimits?: Partial<UploadLimits>;
  /** Bundled sample data; assets/sample by default. */
  samplesDir?: string;
  /** Where `conf` keeps config.json. Default: the platform's config folder (or SLIPSTREAM_SETTINGS_DIR). */
  settingsDir?: string;
}

/** A running headless host. */
export interface HeadlessHost {
  /** The page to open, token included: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Ends the engine worker abruptly, as a crash would (it is restarted); a no-op for an in-process engine. For tests and diagnostics. */
  killEngine(): void;
  /** Closes sockets, the HTTP server and the engine. */
  close(): Promise<void>;
}

// Two levels up from both app/headless/*.ts and dist/app/*.mjs.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Serves the built renderer and the engine contract over a WebSocket, for a browser instead of
 * Electron. Everything except static files needs the per-run token.
 */
export async function startHeadlessHost(opts: HeadlessHostOptions = {}): Promise<HeadlessHost> {
  const bindHost = opts.host ?? '127.0.0.1';
  const dirs = defaultUserDirs();
  const dataDir = path.resolve(opts.dataDir ?? dirs.dataDir);
  const rendererDir = path.resolve(opts.rendererDir ?? path.join(repoRoot, 'dist', 'renderer'));
  const samplesDir = path.resolve(opts.samplesDir ?? path.join(repoRoot, 'assets', 'sample'));
  fs.mkdirSync(dataDir, { recursive: true });
  const settingsDir = path.resolve(opts.settingsDir ?? dirs.settingsDir);
  const settings = openConfSettings(settingsDir);
  // FIX passwords are sealed with a key file next to the settings (app/settings/secret-box.ts).
  const fixSessions = new FixSessionStore(settingsDir, openFileKeyBox(settingsDir));
  const token = newToken();

  const dataFolders = (opts.dataFolders ?? (process.env.SLIPSTREAM_DATA_FOLDERS ?? '').split(path.delimiter).filter(Boolean)).map((f) => path.resolve(f));
  // The TF.js backend setting is read once: it applies at the engine's start (and restarts).
  const engineOptions = { host: 'headless', samplesDir, dataDir, dataFolders, tfBackend: settings.get().tfBackend } as const;
  const allowedOrigins = opts.allowedOrigins ?? (process.env.SLIPSTREAM_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  // A worker engine that dies (a crash, a native fault) is restarted; the relay fails what was in
  // flight and tells every client with an `engine.restarted` event.
  const link: EngineLink & Partial<Pick<SupervisedEngineLink, 'onRestart' | 'kill'>> =
    opts.engineMode === 'in-process' ? startInProcessEngine(engineOptions) : superviseEngine(() => startWorkerEngine(engineOptions));
  // The relay takes the link's (single) exit and restart callbacks, and logs both.
  // fix.connect reaches the engine with the stored session (password opened here, never by a client).
  const relay = new EngineRelay(withFixStart(link, (id) => fixSessions.forStart(id)));
  // The stored risk limits reach the engine now, after every restart and on every change; limits
  // set in the engine are stored (app/settings/risk-limits-sync.ts). Connected before any client.
  const riskSync = syncRiskLimits((onEvent) => createPromiseClient(relay, onEvent), settings);
  const gateway = createWsGateway(relay);
  const handleUpload = createUploadHandler(path.join(dataDir, UPLOADS_FOLDER), opts.uploadLimits);

  const server = http.createServer({ requestTimeout: 0, headersTimeout: 30_000 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!hostAllowed(req.headers.host, bindHost)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Misdirected request\n');
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!tokenMatches(token, tokenFrom(url, req.headers.authorization))) {
        return sendError(res, 401, { code: 'validation', message: 'Missing or wrong token', field: 'token' });
      }
      // The error itself (which may name paths on this machine) goes to the host's log, not the client.
      const done = (p: Promise<void>) =>
        p.catch((err: unknown) => {
          console.error(`Slipstream host: ${url.pathname} failed:`, err);
          if (!res.headersSent) sendError(res, 500, { code: 'internal', message: `The host could not complete ${url.pathname}; see its log` });
        });
      if (url.pathname === '/api/settings') return void done(handleSettings(req, res, settings));
      if (url.pathname === '/api/fix-sessions') return void done(handleFixSessions(req, res, url, fixSessions));
      if (url.pathname === '/api/upload') return void done(handleUpload(req, res, url));
      return sendError(res, 404, { code: 'not-found', message: `No API endpoint ${url.pathname}` });
    }
    const wsOrigin = cspSafeHost(req.headers.host);
    serveStatic(rendererDir, req, res, url, contentSecurityPolicy(wsOrigin ? [`ws://${wsOrigin}`] : []));
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const refuse = (status: string) => {
      // Let the status line flush before the socket goes away, as ws itself does.
      socket.once('finish', () => socket.destroy());
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse('404 Not Found');
    if (!hostAllowed(req.headers.host, bindHost) || !originAllowed(req.headers.origin, req.headers.host, bindHost, (server.address() as AddressInfo).port, allowedOrigins)) return refuse('403 Forbidden');
    if (!tokenMatches(token, tokenFrom(url, req.headers.authorization))) return refuse('401 Unauthorized');
    gateway.accept(req, socket, head);
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, bindHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await link.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | null = null;
  return {
    url: `http://${urlHost(bindHost)}:${port}/?token=${token}`,
    port,
    token,
    killEngine: () => link.kill?.(),
    close() {
      closed ??= (async () => {
        const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await gateway.close();
        riskSync.close();
        server.closeAllConnections();
        await httpClosed;
        await link.close();
      })();
      return closed;
    },
  };
}
