import { runBookBench } from './book-bench.js';
import { runReplayBench } from './replay-bench.js';

/**
 * `npm run bench`: every benchmark in one process, printed as one JSON object. Compare ratios
 * within a run; absolute numbers move with the machine's load.
 */
const started = new Date().toISOString();
const book = await runBookBench();
const replay = await runReplayBench();
const mem = process.memoryUsage();
console.log(JSON.stringify({
  started,
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  book,
  lobsterReplay: replay,
  memory: {
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapUsedMiB: Math.round(mem.heapUsed / 2 ** 20),
  },
}, null, 2));
