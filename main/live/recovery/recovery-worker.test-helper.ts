// A gateway process for the crash-recovery test: works one parent order through
// `runRecoverableParent` and prints one JSON line per step, then {"type":"done",...}.
// Argument: one JSON object { dir, port, instrument, bid, ask, plan }.
import { LevelBook } from '../../market/book/level-book.js';
import { runRecoverableParent, type RecoverableRunOptions } from './recoverable-parent.js';

const arg = JSON.parse(process.argv[2] ?? '{}') as Omit<RecoverableRunOptions, 'book' | 'host' | 'senderCompId' | 'targetCompId' | 'log'> & { bid: number; ask: number };
const book = new LevelBook();
book.setLevel(1, arg.bid, 1_000_000);
book.setLevel(-1, arg.ask, 1_000_000);
const out = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
runRecoverableParent({ ...arg, host: '127.0.0.1', senderCompId: 'CLI', targetCompId: 'VEN', book, log: out }).then(
  (r) => {
    out({ type: 'done', ...r });
    process.exit(0);
  },
  (e: unknown) => {
    out({ type: 'error', message: (e as Error).stack ?? String(e) });
    process.exit(1);
  },
);
