import Conf from 'conf';
import { openSettingsService, settingsStoreOptions } from './open-store.js';
import type { SettingsService } from './settings-service.js';

/** Settings for the headless host: `conf` (projectName 'slipstream') storing `config.json` in `dir`. */
export function openConfSettings(dir: string): SettingsService {
  return openSettingsService(() => new Conf<Record<string, unknown>>({ projectName: 'slipstream', cwd: dir, ...settingsStoreOptions() }), dir);
}
