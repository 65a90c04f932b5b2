import crypto from 'node:crypto';

/** A fresh access token for one run of the headless host: 24 random bytes, hex. */
export function newToken(): string {
  return crypto.randomBytes(24).toString('hex');
}

/**
 * Constant-time token check. Both sides are hashed first so the comparison also takes the
 * same time whatever the length of the guess (timingSafeEqual needs equal lengths).
 */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = crypto.createHash('sha256').update(expected).digest();
  const b = crypto.createHash('sha256').update(given).digest();
  return crypto.timingSafeEqual(a, b);
}

/** The token a request carries: `?token=` (browser page, WebSocket) or `Authorization: Bearer`. */
export function tokenFrom(url: URL, authorization: string | undefined): string | null {
  const q = url.searchParams.get('token');
  if (q) return q;
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return m ? m[1]! : null;
}
