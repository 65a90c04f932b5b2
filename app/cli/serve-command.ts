import { parseArgs } from 'node:util';
import { startHeadlessHost, type HeadlessHost } from '../headless/headless-host.js';

/** The CLI's default port; a fixed one so a bookmarked page finds the host again. */
export const DEFAULT_PORT = 7341;

const HELP = `Usage: slipstream serve [options]

Starts the headless host: the Slipstream UI in your browser, engine in a worker thread.

Options:
  --port P          TCP port (default ${DEFAULT_PORT}; if busy, a free one). 0 = any free port.
  --host H          Address to bind (default 127.0.0.1). Other addresses expose the host
                    to the network; the token still protects it.
  --data-dir D      Results, uploads and database (default: your user data folder).
  --engine MODE     worker (default) or in-process.
  -h, --help        Show this help.
`;

/**
 * `slipstream serve`: starts the headless host, prints its URL (with the token) on one line,
 * and runs until SIGINT/SIGTERM, then closes cleanly. Returns the process exit code.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        engine: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`slipstream serve: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    console.error(`slipstream serve: --port must be an integer 0..65535, got "${values.port}"`);
    return 2;
  }
  if (values.engine !== undefined && values.engine !== 'worker' && values.engine !== 'in-process') {
    console.error(`slipstream serve: --engine must be worker or in-process, got "${values.engine}"`);
    return 2;
  }
  const options = { host: values.host, dataDir: values['data-dir'], engineMode: values.engine as 'worker' | 'in-process' | undefined };

  let host: HeadlessHost;
  try {
    host = await startOnPort(options, port);
  } catch (err) {
    console.error(`slipstream serve: could not start: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  if (values.host && !['127.0.0.1', 'localhost', '::1'].includes(values.host)) {
    console.warn(`Warning: listening on ${values.host}; anyone who can reach it and has the token can drive the engine.`);
  }
  // The one place the token is printed.
  console.log(`Slipstream headless host: ${host.url}`);
  await waitForSignal();
  await host.close();
  return 0;
}

/** Uses the given port; without one, the default port, falling back to any free port if it is taken. */
async function startOnPort(options: Parameters<typeof startHeadlessHost>[0], port: number | undefined): Promise<HeadlessHost> {
  if (port !== undefined) return startHeadlessHost({ ...options, port });
  try {
    return await startHeadlessHost({ ...options, port: DEFAULT_PORT });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return startHeadlessHost({ ...options, port: 0 });
  }
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
