import type { AppSettings, SlipstreamApi } from '../../../main/contract/client-api.js';
import { apiUrl } from './host-info.js';

/** The settings the renderer itself reads and writes (a subset of the host's `AppSettings`). */
/** `gridColumnStates` is absent until a grid's columns are first changed. */
export type UiSettings = Pick<AppSettings, 'theme' | 'panelSizes' | 'replaySpeed'> & Partial<Pick<AppSettings, 'gridColumnStates' | 'modelChoices'>>;

/** Defaults: dark theme, default panel sizes, real-time replay. */
export const DEFAULT_UI_SETTINGS: UiSettings = { theme: 'dark', panelSizes: {}, replaySpeed: 1 };

/** Where settings are read from and written to. */
export interface SettingsBackend {
  /** 'host': the headless host's HTTP API; 'bridge': Electron's preload; 'local': this browser's storage. */
  readonly kind: 'host' | 'bridge' | 'local';
  load(): Promise<Partial<UiSettings>>;
  /** Merges a partial update into the stored settings. */
  save(patch: Partial<UiSettings>): Promise<void>;
}

const LOCAL_KEY = 'slipstream.settings';

/** Keeps only valid renderer keys of an untrusted settings object. */
export function pickUiSettings(raw: unknown): Partial<UiSettings> {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out: { -readonly [K in keyof UiSettings]?: UiSettings[K] } = {};
  if (o.theme === 'dark' || o.theme === 'light') out.theme = o.theme;
  if (typeof o.panelSizes === 'object' && o.panelSizes !== null) {
    const sizes: Record<string, number> = {};
    for (const [k, v] of Object.entries(o.panelSizes)) if (typeof v === 'number' && Number.isFinite(v) && v > 0) sizes[k] = v;
    out.panelSizes = sizes;
  }
  if (o.replaySpeed === 'max' || (typeof o.replaySpeed === 'number' && o.replaySpeed > 0 && o.replaySpeed <= 1_000_000)) out.replaySpeed = o.replaySpeed;
  if (typeof o.gridColumnStates === 'object' && o.gridColumnStates !== null) {
    const grids: AppSettings['gridColumnStates'] = {};
    for (const [k, v] of Object.entries(o.gridColumnStates)) {
      if (Array.isArray(v)) grids[k] = v.filter((c): c is { colId: string } => typeof c === 'object' && c !== null && typeof (c as { colId?: unknown }).colId === 'string');
    }
    out.gridColumnStates = grids;
  }
  if (typeof o.modelChoices === 'object' && o.modelChoices !== null) {
    out.modelChoices = Object.fromEntries(Object.entries(o.modelChoices).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0));
  }
  return out;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Reads the locally cached settings synchronously (to apply the theme before first paint). */
export function cachedSettings(storage: Pick<Storage, 'getItem'> | null = safeLocalStorage()): UiSettings {
  try {
    const text = storage?.getItem(LOCAL_KEY);
    return { ...DEFAULT_UI_SETTINGS, ...(text ? pickUiSettings(JSON.parse(text)) : {}) };
  } catch {
    return DEFAULT_UI_SETTINGS;
  }
}

/** This browser's localStorage: the fallback store and the instant-start cache for the others. */
export function localSettings(storage: StorageLike | null = safeLocalStorage()): SettingsBackend {
  return {
    kind: 'local',
    async load() {
      return cachedSettings(storage);
    },
    async save(patch) {
      storage?.setItem(LOCAL_KEY, JSON.stringify({ ...cachedSettings(storage), ...patch }));
    },
  };
}

/** The headless host's `GET /api/settings` and `PUT /api/settings` (a partial merge, validated by the host). */
export function hostSettings(origin: string, token: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): SettingsBackend {
  const url = apiUrl(origin, '/api/settings', token);
  return {
    kind: 'host',
    async load() {
      const res = await fetchImpl(url);
      if (!res.ok) throw new Error(`GET /api/settings: HTTP ${res.status}`);
      return pickUiSettings(await res.json());
    },
    async save(patch) {
      const res = await fetchImpl(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `PUT /api/settings: HTTP ${res.status}`);
      }
    },
  };
}

/** Electron's preload settings (`getSettings` / `setSettings`). */
export function bridgeSettings(api: Required<Pick<SlipstreamApi, 'getSettings' | 'setSettings'>>): SettingsBackend {
  return {
    kind: 'bridge',
    load: async () => pickUiSettings(await api.getSettings()),
    save: async (patch) => void (await api.setSettings(patch)),
  };
}

/** Picks the best backend the host offers: the host API, then the Electron bridge, then localStorage. */
export function chooseSettingsBackend(api: SlipstreamApi, http: { origin: string; token: string } | null): SettingsBackend {
  if (http) return hostSettings(http.origin, http.token);
  if (api.getSettings && api.setSettings) return bridgeSettings({ getSettings: api.getSettings.bind(api), setSettings: api.setSettings.bind(api) });
  return localSettings();
}
