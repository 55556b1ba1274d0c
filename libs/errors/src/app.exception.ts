/**
 * The root of every module's error taxonomy. `code` is a stable, machine-readable string
 * (it ends up in dead-letter headers and problem bodies); `retriable` tells the bus whether a
 * later attempt can succeed (retry topic) or not (dead-letter topic at once).
 */
export abstract class AppException extends Error {
  abstract readonly code: string;
  abstract readonly retriable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A failure that a later attempt may not repeat: a timeout, a 5xx, a connection reset. */
export class TransientException extends AppException {
  readonly retriable = true;
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A failure that will repeat on every attempt: bad input, a rule violation. */
export class PermanentException extends AppException {
  readonly retriable = false;
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Whether to try again. Errors outside the taxonomy (a dropped connection from a driver,
 * say) are treated as transient: the retry budget bounds the cost of being wrong.
 */
export function isRetriable(error: unknown): boolean {
  return error instanceof AppException ? error.retriable : true;
}

/** The stable code of an error, for headers and metrics labels. */
export function errorCode(error: unknown): string {
  if (error instanceof AppException) return error.code;
  if (error instanceof Error) return error.name;
  return 'unknown';
}
