import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openConfSettings } from './conf-settings.js';
import { SETTINGS_DEFAULTS } from './settings-schema.js';

const dirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-conf-settings-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openConfSettings (the headless host\'s settings, through openSettingsService)', () => {
  it('reads a valid config.json in the folder, and stores an update there', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ tfBackend: 'cpu' }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const s = openConfSettings(dir);
    expect(s.get().tfBackend).toBe('cpu');
    expect(s.update({ tfBackend: 'wasm' })).toMatchObject({ ok: true });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({ tfBackend: 'wasm' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('moves an invalid config.json aside (kept, not deleted), says so once, and starts from defaults', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'config.json'), '{ not json');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const s = openConfSettings(dir);
    expect(s.get()).toEqual(SETTINGS_DEFAULTS);
    const aside = fs.readdirSync(dir).filter((f) => /^config\.invalid-\d+\.json$/.test(f));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe('{ not json');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain(`moved it to ${path.join(dir, aside[0]!)} and started from defaults`);
  });
});
