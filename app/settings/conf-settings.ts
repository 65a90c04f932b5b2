import path from 'node:path';
import Conf from 'conf';
import { SETTINGS_DEFAULTS, SETTINGS_JSON_SCHEMA } from './settings-schema.js';
import { openStoreWithRecovery } from './open-store.js';
import { SettingsService } from './settings-service.js';

/** Settings for the headless host: `conf` (projectName 'slipstream') storing `config.json` in `dir`. */
export function openConfSettings(dir: string): SettingsService {
  const make = () =>
    new Conf<Record<string, unknown>>({
      projectName: 'slipstream',
      cwd: dir,
      schema: SETTINGS_JSON_SCHEMA as never,
      defaults: { ...SETTINGS_DEFAULTS },
      // Keys are whole settings; panel and grid ids may contain dots.
      accessPropertiesByDotNotation: false,
    });
  const { store, movedAside } = openStoreWithRecovery(make, path.join(dir, 'config.json'));
  if (movedAside) console.warn(`Settings file was invalid; moved it to ${movedAside} and started from defaults.`);
  return new SettingsService(store);
}
