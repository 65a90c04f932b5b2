import type { AppSettings, SlipstreamApi } from '../../../main/contract/client-api.js';
import type { FixSessionInput, FixSessionsApi, FixSessionsError, FixSessionsState } from '../../../main/contract/fix-sessions.js';
import { apiUrl, detectHost } from '../client/host-info.js';

/**
 * The host-stored settings the Settings screen edits beyond the UI's own (TF.js backend, FIX
 * sessions). Invariant: every method rejects with a `FixSessionsError`-shaped object (message in
 * the host's words, `field` set), never with a value the user typed.
 */
export interface HostAccess {
  getSettings(): Promise<AppSettings>;
  setSettings(patch: Partial<AppSettings>): Promise<AppSettings>;
  readonly fixSessions: FixSessionsApi;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The host's API as this page reaches it, or null when no host stores settings (a page opened without one). */
export function hostAccess(api: SlipstreamApi, win: Pick<Window, 'location'> & { slipstream?: unknown } = window, fetchImpl: FetchLike = (...a) => fetch(...a)): HostAccess | null {
  const bridge = win.slipstream as { fixSessions?: FixSessionsApi } | undefined;
  const host = detectHost(win.location, typeof bridge === 'object' && bridge !== null);
  if (host.mode === 'electron' && bridge?.fixSessions && api.getSettings && api.setSettings) {
    return { getSettings: api.getSettings.bind(api), setSettings: api.setSettings.bind(api), fixSessions: bridge.fixSessions };
  }
  if (host.mode === 'browser' && host.token) return httpAccess(host.origin, host.token, fetchImpl);
  return null;
}

function httpAccess(origin: string, token: string, fetchImpl: FetchLike): HostAccess {
  const call = async <T>(path: string, init: RequestInit = {}, params: Record<string, string> = {}): Promise<T> => {
    const res = await fetchImpl(apiUrl(origin, path, token, params), init);
    const body = (await res.json().catch(() => null)) as { error?: FixSessionsError } | null;
    if (!res.ok) throw body?.error ?? ({ code: 'validation', message: `${init.method ?? 'GET'} ${path}: HTTP ${res.status}`, field: 'host' } satisfies FixSessionsError);
    return body as T;
  };
  const put = (path: string, value: unknown): RequestInit => ({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
  return {
    getSettings: () => call<AppSettings>('/api/settings'),
    setSettings: (patch) => call<AppSettings>('/api/settings', put('/api/settings', patch)),
    fixSessions: {
      list: () => call<FixSessionsState>('/api/fix-sessions'),
      save: (input: FixSessionInput) => call<FixSessionsState>('/api/fix-sessions', put('/api/fix-sessions', input)),
      remove: (id: string) => call<FixSessionsState>('/api/fix-sessions', { method: 'DELETE' }, { id }),
    },
  };
}

/** Any rejection as the words to show (an `ErrorInfo`-like object, an Error, or anything else). */
export function errorWords(err: unknown): { message: string; field: string | null } {
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') {
    const field = (err as { field?: unknown }).field;
    return { message: (err as { message: string }).message, field: typeof field === 'string' ? field : null };
  }
  return { message: String(err), field: null };
}
