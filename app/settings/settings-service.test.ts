import { describe, expect, it } from 'vitest';
import { SettingsService, type ConfLike } from './settings-service.js';

/** Stores what `set` gets the way conf does: serialized to JSON on every write. */
function jsonStore(): ConfLike & { text: string } {
  const s = {
    text: '{}',
    get store() {
      return JSON.parse(s.text) as Record<string, unknown>;
    },
    set(object: Record<string, unknown>) {
      s.text = JSON.stringify({ ...s.store, ...object });
    },
  };
  return s;
}

describe('SettingsService', () => {
  it('refuses a deeply nested patch (e.g. inside a grid column state) and keeps what is stored', () => {
    const store = jsonStore();
    const service = new SettingsService(store);
    expect(service.update({ theme: 'light' })).toMatchObject({ ok: true });
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const r = service.update({ gridColumnStates: { g: [{ colId: 'a', x: deep }] } });
    expect(r).toMatchObject({ ok: false, field: 'settings', message: expect.stringMatching(/deeper than/) });
    expect(service.get()).toMatchObject({ theme: 'light', gridColumnStates: {} });
  });
});
