import { buildDictionary, type FixDictionary } from './fix-dictionary.js';
import { FIX44 } from './fix44-dictionary.js';

let built: FixDictionary | null = null;

/** The FIX 4.4 dictionary, built once on first use (the literal is ~50 kB). */
export function fix44Dictionary(): FixDictionary {
  built ??= buildDictionary(FIX44);
  return built;
}
