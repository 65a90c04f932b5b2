import fs from 'node:fs';
import path from 'node:path';

/**
 * Opens a conf-style store; if the file on disk fails its schema or is not JSON, moves it
 * aside (kept for the user, never deleted) and starts from defaults instead of refusing to start.
 * Returns the store and, when that happened, where the old file went.
 */
export function openStoreWithRecovery<T>(open: () => T, filePath: string): { store: T; movedAside: string | null } {
  try {
    return { store: open(), movedAside: null };
  } catch (err) {
    if (!fs.existsSync(filePath)) throw err;
    const aside = path.join(path.dirname(filePath), `${path.basename(filePath, '.json')}.invalid-${Date.now()}.json`);
    fs.renameSync(filePath, aside);
    return { store: open(), movedAside: aside };
  }
}
