/**
 * Entry of the headless bundle (dist/app/headless.mjs). Importing it starts nothing (so
 * scripts/start.mjs can call `serveCommand` itself); running it as a script serves.
 */
import { pathToFileURL } from 'node:url';
import { serveCommand } from '../cli/serve-command.js';

export { serveCommand } from '../cli/serve-command.js';
export { startHeadlessHost } from './headless-host.js';

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await serveCommand(process.argv.slice(2));
}
