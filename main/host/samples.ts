import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLobsterFileName } from '../market/readers/lobster-file-name.js';

/** A bundled data set the user can open with one click. Invariant: every file exists. */
export interface Sample {
  id: string;
  label: string;
  format: 'lobster';
  files: string[];
}

/** Lists the LOBSTER days in the samples folder (message + orderbook pairs). */
export function listSamples(samplesDir: string): Sample[] {
  if (!existsSync(samplesDir)) return [];
  const out: Sample[] = [];
  for (const name of readdirSync(samplesDir).sort()) {
    const f = parseLobsterFileName(name);
    if (!f || f.kind !== 'message') continue;
    const book = name.replace(/_message_(\d+)\.csv$/, '_orderbook_$1.csv');
    const files = [join(samplesDir, name)];
    if (existsSync(join(samplesDir, book))) files.push(join(samplesDir, book));
    out.push({
      id: name.replace(/_message_\d+\.csv$/, ''),
      label: `${f.symbol} ${f.date} · LOBSTER level ${f.levels}`,
      format: 'lobster',
      files,
    });
  }
  return out;
}
