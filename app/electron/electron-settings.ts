import Store from 'electron-store';
import { openSettingsService, settingsStoreOptions } from '../settings/open-store.js';
import type { SettingsService } from '../settings/settings-service.js';

/** Settings for the desktop app: electron-store (config.json in userData) with the shared schema. */
export function openElectronSettings(userDataDir: string): SettingsService {
  return openSettingsService(() => new Store<Record<string, unknown>>(settingsStoreOptions()), userDataDir);
}
