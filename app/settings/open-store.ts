import fs from 'node:fs';
import path from 'node:path';
import { SETTINGS_DEFAULTS, SETTINGS_JSON_SCHEMA } from './settings-schema.js';
import { SettingsService, type ConfLike } from './settings-service.js';

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

/** The options of the settings store that both hosts give `conf` / `electron-store`. */
export interface SettingsStoreOptions {
  schema: never;
  defaults: Record<string, unknown>;
  accessPropertiesByDotNotation: false;
}

/**
 * The one schema, a fresh copy of the defaults (the store may keep the object it is given), and
 * keys read as whole settings: panel and grid ids may contain dots.
 */
export function settingsStoreOptions(): SettingsStoreOptions {
  return { schema: SETTINGS_JSON_SCHEMA as never, defaults: { ...SETTINGS_DEFAULTS }, accessPropertiesByDotNotation: false };
}

/**
 * The settings of either host: the store `open` makes over `<dir>/config.json`, opened with
 * recovery (an invalid file is moved aside, said in one console warning, and the store starts from
 * defaults), behind a `SettingsService`.
 */
export function openSettingsService(open: () => ConfLike, dir: string): SettingsService {
  const { store, movedAside } = openStoreWithRecovery(open, path.join(dir, 'config.json'));
  if (movedAside) console.warn(`Settings file was invalid; moved it to ${movedAside} and started from defaults.`);
  return new SettingsService(store);
}
