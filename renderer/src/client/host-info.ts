/**
 * Where the renderer is running and how to reach the host. The page URL carries `?token=…` in
 * browser mode; Electron's preload exposes `window.slipstream` instead.
 */
export interface HostInfo {
  readonly mode: 'electron' | 'browser' | 'none';
  /** Token for the headless host's WebSocket and HTTP API (browser mode). */
  readonly token: string | null;
  /** Origin-relative base for HTTP calls, e.g. "http://127.0.0.1:5175". */
  readonly origin: string;
}

/** Reads the host info from a location and whether a preload bridge exists. */
export function detectHost(location: Pick<Location, 'search' | 'origin' | 'protocol'>, hasBridge: boolean): HostInfo {
  if (hasBridge) return { mode: 'electron', token: null, origin: location.origin };
  const token = new URLSearchParams(location.search).get('token');
  const httpish = location.protocol === 'http:' || location.protocol === 'https:';
  return { mode: token && httpish ? 'browser' : 'none', token, origin: location.origin };
}

/** The WebSocket URL for a browser-mode host. */
export function wsUrl(origin: string, token: string): string {
  return origin.replace(/^http/, 'ws') + '/ws?token=' + encodeURIComponent(token);
}

/** An HTTP API URL for a browser-mode host, with the token and extra query parameters. */
export function apiUrl(origin: string, path: string, token: string, params: Record<string, string> = {}): string {
  const q = new URLSearchParams({ token, ...params });
  return `${origin}${path}?${q.toString()}`;
}
