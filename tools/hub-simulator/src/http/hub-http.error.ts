/** An answer in Google's API error shape: `{"error":{"code","message","status"}}`. */
export class HubHttpError extends Error {
  override readonly name = 'HubHttpError';

  constructor(
    readonly httpStatus: number,
    readonly googleStatus: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): { error: { code: number; message: string; status: string } } {
    return { error: { code: this.httpStatus, message: this.message, status: this.googleStatus } };
  }
}

export const notFound = (): HubHttpError => new HubHttpError(404, 'NOT_FOUND', 'Requested entity was not found.');

export const invalidArgument = (message: string): HubHttpError => new HubHttpError(400, 'INVALID_ARGUMENT', message);

const GOOGLE_STATUS: Readonly<Record<number, string>> = { 403: 'PERMISSION_DENIED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 502: 'UNAVAILABLE', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' };

function failureMessage(status: number): string {
  if (status === 429) return 'Quota exceeded for quota metric "Requests".';
  if (status === 403) return 'The caller does not have permission.';
  return 'The service is currently unavailable.';
}

/**
 * The error a scripted failure (NumberProfile.failNext) answers with. 429 always carries
 * Retry-After (default 1 s); a 5xx only when the script sets retryAfterSeconds.
 */
export function scriptedFailure(status: number, retryAfterSeconds: number | undefined): HubHttpError {
  const retryAfter = status === 429 ? (retryAfterSeconds ?? 1) : status >= 500 ? retryAfterSeconds : undefined;
  return new HubHttpError(status, GOOGLE_STATUS[status] ?? 'UNKNOWN', failureMessage(status), retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
}
