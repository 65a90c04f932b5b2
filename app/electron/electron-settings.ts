import path from 'node:path';
import Store from 'electron-store';
import { SETTINGS_DEFAULTS, SETTINGS_JSON_SCHEMA } from '../settings/settings-schema.js';
import { openStoreWithRecovery } from '../settings/open-store.js';
import { SettingsService } from '../settings/settings-service.js';

/** Settings for the desktop app: electron-store (config.json in userData) with the shared schema. */
export function openElectronSettings(userDataDir: string): SettingsService {
  const make = () =>
    new Store<Record<string, unknown>>({
      schema: SETTINGS_JSON_SCHEMA as never,
      defaults: { ...SETTINGS_DEFAULTS },
      accessPropertiesByDotNotation: false,
    });
  const { store, movedAside } = openStoreWithRecovery(make, path.join(userDataDir, 'config.json'));
  if (movedAside) console.warn(`Settings file was invalid; moved it to ${movedAside} and started from defaults.`);
  return new SettingsService(store);
}
