import { openLobsterOrderbook } from '../readers/lobster-orderbook-reader.js';
import { openReader, type OpenReaderOptions } from '../readers/open-reader.js';
import type { EventTape } from './event-tape.js';
import { ReplayBuilder, type ReplayOptions } from './replay-runner.js';

/** Options of `openReplay`: reader options plus what the replay should do. */
export interface OpenReplayOptions extends OpenReaderOptions {
  /** Compare only this many levels of a reference book (LOBSTER orderbook file). */
  checkLevels?: number;
  /** Skip reconciliation even when a LOBSTER orderbook file is at hand. */
  noReference?: boolean;
  tape?: EventTape;
  onEvent?: ReplayOptions['onEvent'];
}

/**
 * Opens data files as a replay: the right reader for the format and, for LOBSTER, the orderbook
 * file as the reference book (given among `files` or found beside the message file). The caller
 * drives the returned builder and must `close()` it.
 */
export function openReplay(files: readonly string[], opts: OpenReplayOptions = {}): ReplayBuilder {
  const opened = openReader(files, opts);
  let reference;
  try {
    reference = opened.lobsterOrderbookPath && !opts.noReference
      ? openLobsterOrderbook(opened.lobsterOrderbookPath, { levels: opened.levels })
      : undefined;
  } catch (e) {
    opened.reader.close();
    throw e;
  }
  return new ReplayBuilder(opened.reader, { reference, checkLevels: opts.checkLevels, tape: opts.tape, onEvent: opts.onEvent });
}
