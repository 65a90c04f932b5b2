import net from 'node:net';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True for an address that accepts connections from other machines (0.0.0.0, ::). */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** The hostname part of a Host header value ("127.0.0.1:7341", "[::1]:7341"). */
function hostnameOf(hostHeader: string): string {
  const m = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader.trim());
  return (m?.[1] ?? '').toLowerCase();
}

/**
 * DNS-rebinding guard: a page on evil.example that re-resolves to 127.0.0.1 sends
 * `Host: evil.example`, so only loopback names (any port: a vite dev proxy forwards its own)
 * and the address we bound are accepted. Bound to a wildcard, the host cannot know its
 * public names and relies on the token alone.
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string): boolean {
  if (isWildcard(boundHost)) return true;
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader);
  return LOOPBACK_NAMES.has(name) || name === boundHost.toLowerCase() || name === `[${boundHost.toLowerCase()}]`;
}

/**
 * Cross-site WebSocket guard: browsers always send Origin on a WebSocket upgrade, and any site
 * may try to open ws://127.0.0.1. Accept no Origin (non-browser clients) or one whose host is
 * the page's own host or loopback.
 */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined, boundHost: string): boolean {
  if (!origin) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.host === hostHeader) return true;
  return hostAllowed(parsed.host, isWildcard(boundHost) ? '127.0.0.1' : boundHost);
}

/** How to write `host` in a URL (IPv6 in brackets; a wildcard becomes loopback for the local user). */
export function urlHost(host: string): string {
  if (isWildcard(host)) return '127.0.0.1';
  return net.isIPv6(host) ? `[${host}]` : host;
}

/** A Host header value safe to echo into the CSP (it comes from the client). */
export function cspSafeHost(hostHeader: string | undefined): string | null {
  return hostHeader && /^[A-Za-z0-9.\-:[\]]{1,260}$/.test(hostHeader) ? hostHeader : null;
}
