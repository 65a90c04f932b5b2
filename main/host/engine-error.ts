import type { ErrorInfo } from '../contract/index.js';

/**
 * An error meant for the user, with the contract's error code and, when an input was at fault,
 * the field it names. Handlers throw it; the engine turns it into an error response.
 */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorInfo['code'],
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
