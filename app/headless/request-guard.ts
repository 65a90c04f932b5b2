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
 * Cross-site WebSocket guard: browsers always send Origin on a WebSocket upgrade, and any page
 * (including one served by another program on this machine, e.g. http://localhost:8080) may try
 * to open ws://127.0.0.1. Accept no Origin (non-browser clients, which still need the token) or
 * exactly the host's own origin: scheme `http:`, the host name the request was sent to (which
 * `hostAllowed` already limits) and the host's own port. Another port on localhost is another
 * origin and is refused. `extraOrigins` (exact `scheme://host:port` strings) are accepted too.
 */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined, boundHost: string, ownPort: number, extraOrigins: readonly string[] = []): boolean {
  if (origin === undefined) return true;
  if (!hostHeader || !hostAllowed(hostHeader, boundHost)) return false;
  // Origins the operator listed by hand (the vite dev server that proxies /ws), compared exactly.
  if (extraOrigins.includes(origin)) return true;
  let page: URL;
  let self: URL;
  try {
    page = new URL(origin);
    self = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  // An Origin header is only scheme://host[:port]; anything more is not a browser's.
  if (page.origin === 'null' || origin.replace(/\/$/, '') !== page.origin) return false;
  const port = (u: URL) => Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return page.protocol === 'http:' && page.origin === self.origin && port(page) === ownPort;
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
