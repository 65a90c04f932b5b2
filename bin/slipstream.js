#!/usr/bin/env node
// The `slipstream` command. Runs the TypeScript sources through tsx so `npx slipstream …` works
// right after `npm install`, without a build. `serve` lives in app/ (it starts the headless
// host, which main/ may not import); every other command is main/cli.
import { register } from 'tsx/esm/api';

register();

const [cmd, ...rest] = process.argv.slice(2);
try {
  if (cmd === 'serve') {
    const { serveCommand } = await import('../app/cli/serve-command.ts');
    process.exitCode = await serveCommand(rest);
  } else {
    const cli = await import('../main/cli/index.ts');
    // main/cli/index.ts may export main(argv) or run on import; support both.
    if (typeof cli.main === 'function') process.exitCode = await cli.main(process.argv.slice(2));
  }
} catch (err) {
  console.error(`slipstream: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
}
