import { z } from 'zod';
import { ErrorInfoSchema } from './schemas.js';
import type { CommandName } from './commands.js';
import type { EventName, EventPayload } from './events.js';

/**
 * The envelope used on every transport (utilityProcess port, worker port, WebSocket).
 * Invariant: every request with an `id` receives exactly one response with the same `id`.
 */
export const RequestSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().min(0),
  command: z.string().min(1),
  args: z.unknown(),
});
export type Request = z.infer<typeof RequestSchema>;

export type Response =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: z.infer<typeof ErrorInfoSchema> };

export type EventMessage = { [N in EventName]: { kind: 'event'; name: N; payload: EventPayload<N> } }[EventName];

export type ServerMessage = Response | EventMessage;

/** Typed request helper for clients. */
export function makeRequest<N extends CommandName>(id: number, command: N, args: unknown): Request {
  return { kind: 'request', id, command, args };
}
