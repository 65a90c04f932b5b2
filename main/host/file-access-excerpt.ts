import { DataFormatError } from '../market/readers/reader.js';

/** Most characters of a data file an error message quotes. */
export const EXCERPT_CHARS = 60;
/** Longest message of any other error raised while reading data. */
const MAX_MESSAGE_CHARS = 300;

/**
 * The user-facing message of an error raised while reading data files: the file's name (never
 * its folder: uploads live in an internal one), line, column, what was expected, and at most
 * `EXCERPT_CHARS` characters of what was found, JSON-quoted so the excerpt is clearly delimited
 * and control characters are escaped. Other errors are cut to a few hundred characters.
 */
export function dataErrorMessage(err: unknown): string {
  if (err instanceof DataFormatError) {
    const name = err.file.split(/[\\/]/).pop() ?? err.file;
    return `${name}:${err.line}: column ${err.column} (${err.field}): expected ${err.expected}, found ${excerpt(err.found)}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return message.length > MAX_MESSAGE_CHARS ? message.slice(0, MAX_MESSAGE_CHARS - 3) + '...' : message;
}

/** `"text"`, or `"first 60 characters"... (shortened)` for longer text. */
export function excerpt(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= EXCERPT_CHARS) return JSON.stringify(text);
  return `${JSON.stringify(chars.slice(0, EXCERPT_CHARS).join(''))}... (shortened)`;
}
