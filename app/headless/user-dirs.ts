import os from 'node:os';
import path from 'node:path';

/**
 * Where the headless host keeps settings and data when not told otherwise, following each
 * platform's convention (Electron's `userData` plays this role in the desktop app).
 * `SLIPSTREAM_DATA_DIR` / `SLIPSTREAM_SETTINGS_DIR` override them (tests, portable installs).
 */
export function defaultUserDirs(env: NodeJS.ProcessEnv = process.env): { dataDir: string; settingsDir: string } {
  const home = os.homedir();
  let config: string;
  let data: string;
  if (process.platform === 'win32') {
    config = data = path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Slipstream');
  } else if (process.platform === 'darwin') {
    config = data = path.join(home, 'Library', 'Application Support', 'Slipstream');
  } else {
    config = path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'slipstream');
    data = path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'slipstream');
  }
  return { dataDir: env.SLIPSTREAM_DATA_DIR || data, settingsDir: env.SLIPSTREAM_SETTINGS_DIR || config };
}
