/**
 * Shape limits for what a client may send the engine, checked at the host boundary before a
 * message is parsed further, validated or posted to the engine. Every command of the contract is
 * small and shallow; these limits leave ample room for them and stop messages whose only purpose
 * is to exhaust the host: deep nesting (which overflows the stack of structured clone, zod and
 * JSON.stringify), huge strings and huge arrays or objects.
 */
export const MESSAGE_LIMITS = {
  /** Largest WebSocket message, in bytes. */
  maxBytes: 1024 * 1024,
  /** Deepest nesting of objects and arrays (the envelope counts as level 1). */
  maxDepth: 32,
  /** Longest single string, in UTF-16 code units (a file path, a name). */
  maxStringLength: 16 * 1024,
  /** Most values (objects, arrays, strings, numbers...) in one message. */
  maxNodes: 100_000,
} as const;

/** Limits in force (tests pass smaller ones). */
export type MessageLimits = { readonly [K in keyof typeof MESSAGE_LIMITS]: number };

/**
 * Checks JSON text without parsing it: a single linear scan that tracks nesting outside strings
 * and the length of each string. Returns the broken limit in words, or null when the text is
 * within limits (it may still be invalid JSON; JSON.parse says so next).
 */
export function checkJsonText(text: string, limits: MessageLimits = MESSAGE_LIMITS): string | null {
  if (text.length > limits.maxBytes) return `Message is longer than ${limits.maxBytes} bytes`;
  let depth = 0;
  let inString = false;
  let stringStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) {
        inString = false;
        if (i - stringStart > limits.maxStringLength) return `A string is longer than ${limits.maxStringLength} characters`;
      }
      continue;
    }
    if (c === 0x22) {
      inString = true;
      stringStart = i + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limits.maxDepth) return `Message nests deeper than ${limits.maxDepth} levels`;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  if (inString && text.length - stringStart > limits.maxStringLength) return `A string is longer than ${limits.maxStringLength} characters`;
  return null;
}

/**
 * The same limits on an already-deserialized value (Electron IPC hands the main process objects,
 * not text). Iterative, so a value nested a million levels deep cannot overflow the stack here;
 * stops at the first broken limit. Non-plain values (functions, symbols, class instances other than
 * arrays) are refused because no command takes them and structured clone may not carry them.
 */
export function checkValueShape(value: unknown, limits: MessageLimits = MESSAGE_LIMITS): string | null {
  const stack: Array<[unknown, number]> = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++nodes > limits.maxNodes) return `Message holds more than ${limits.maxNodes} values`;
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) return `A string is longer than ${limits.maxStringLength} characters`;
      continue;
    }
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) continue;
    if (typeof v !== 'object') return `Message holds a ${typeof v}, which no command takes`;
    if (depth > limits.maxDepth) return `Message nests deeper than ${limits.maxDepth} levels`;
    const proto = Object.getPrototypeOf(v) as unknown;
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return 'Message holds an object that is not plain data';
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    if (nodes + stack.length + children.length > limits.maxNodes) return `Message holds more than ${limits.maxNodes} values`;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return null;
}
