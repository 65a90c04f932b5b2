import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { lobsterOrderbookPathFor } from '../market/readers/lobster-file-name.js';
import { loadScenario } from '../market/scenarios/load-scenario.js';
import type { PathSource } from './backtest-config.js';

/**
 * The input files of a data source as the replay reads them: the files given, plus the LOBSTER
 * orderbook file found beside a message file (the replay's reference book) when it exists and
 * was not given.
 */
export function sourceFiles(source: Extract<PathSource, { kind: 'data' }>): string[] {
  const files = [...source.files];
  for (const f of source.files) {
    const book = lobsterOrderbookPathFor(f);
    if (book !== f && !files.includes(book) && existsSync(book)) files.push(book);
  }
  return files;
}

/**
 * SHA-256 (hex) of one source's input: for data, of the lines `sha256(content of file i)` for
 * every file of `sourceFiles` in order (names and directories do not count, contents do); for a
 * scenario, of the validated scenario JSON (`loadScenario`: the preset or file with every default
 * filled in); for the AC world, of its parameters. Throws an Error naming a file that cannot be read.
 */
export function sourceHash(source: PathSource): string {
  const h = createHash('sha256');
  if (source.kind === 'scenario') {
    h.update(`scenario\n${JSON.stringify(loadScenario(source.name))}\n`);
    return h.digest('hex');
  }
  if (source.kind === 'ac') {
    h.update(`ac-world\n${JSON.stringify(source.params)}\n`);
    return h.digest('hex');
  }
  for (const f of sourceFiles(source)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(f);
    } catch (e) {
      throw new Error(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
    }
    h.update(`${createHash('sha256').update(bytes).digest('hex')}\n`);
  }
  return h.digest('hex');
}

/** SHA-256 of a backtest's input: of the per-source hashes, one per line, in source order. */
export function dataHash(sources: readonly PathSource[]): { dataHash: string; sourceHashes: string[] } {
  const sourceHashes = sources.map(sourceHash);
  return { dataHash: createHash('sha256').update(sourceHashes.join('\n') + '\n').digest('hex'), sourceHashes };
}
