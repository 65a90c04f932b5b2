import type { AppSettings } from '../../main/contract/client-api.js';
import { checkValueShape } from '../relay/message-limits.js';
import { SETTINGS_DEFAULTS, SettingsSchema, validateSettingsPatch } from './settings-schema.js';

/** The part of `conf` / `electron-store` this service uses (both are `Conf` subclasses). */
export interface ConfLike {
  readonly store: Record<string, unknown>;
  set(object: Record<string, unknown>): void;
}

/** Result of a settings update: the full settings, or which field was wrong. */
export type SettingsUpdate = { ok: true; settings: AppSettings } | { ok: false; field: string; message: string };

/**
 * Host-side settings access, the same for both hosts. Invariant: a rejected update writes
 * nothing; the patch is validated as a whole before the single `set` call.
 */
export class SettingsService {
  private readonly listeners = new Set<(patch: Partial<AppSettings>, settings: AppSettings) => void>();

  constructor(private readonly store: ConfLike) {}

  /** Calls `listener` after every stored update with the validated patch; returns the unsubscribe function. */
  onChange(listener: (patch: Partial<AppSettings>, settings: AppSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(): AppSettings {
    const merged = { ...SETTINGS_DEFAULTS, ...withoutInternal(this.store.store) };
    const parsed = SettingsSchema.safeParse(merged);
    // The store is ajv-validated on load, so this only trips if the schema tightened since.
    return parsed.success ? (parsed.data as AppSettings) : SETTINGS_DEFAULTS;
  }

  update(patch: unknown): SettingsUpdate {
    // Before any schema walks it: settings are shallow, and a deeply nested value would only
    // overflow the stack later, when the store serializes it.
    const tooBig = checkValueShape(patch);
    if (tooBig) return { ok: false, field: 'settings', message: `Settings refused: ${tooBig}` };
    const v = validateSettingsPatch(patch);
    if (!v.ok) return v;
    try {
      this.store.set(v.value as Record<string, unknown>);
    } catch (err) {
      // ajv in conf is the second line of defence; its message names the field too.
      return { ok: false, field: 'settings', message: err instanceof Error ? err.message : String(err) };
    }
    const settings = this.get();
    for (const l of [...this.listeners]) {
      try {
        l(v.value, settings);
      } catch (err) {
        // A listener's failure is the host's to log; the update itself is stored.
        console.error(`Slipstream settings listener: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { ok: true, settings };
  }
}

function withoutInternal(store: Record<string, unknown>): Record<string, unknown> {
  const { __internal__: _ignored, ...rest } = store;
  return rest;
}
