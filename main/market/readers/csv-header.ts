/**
 * Splits a CSV header line into column names as written by any tool: surrounding spaces and
 * double quotes are dropped (`"timestamp", "open"` -> `timestamp`, `open`), so a header that
 * pandas or Excel quoted is recognised like the vendor's own.
 */
export function splitHeader(line: string): string[] {
  return line.split(',').map((c) => {
    const t = c.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
  });
}

/** The header normalised by `splitHeader`, joined with commas (for comparing whole headers). */
export function normalizeHeader(line: string): string {
  return splitHeader(line).join(',');
}
