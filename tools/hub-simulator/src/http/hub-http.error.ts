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

const GOOGLE_STATUS: Readonly<Record<number, string>> = { 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

/** The error a scripted failure (NumberProfile.failNext) answers with. */
export function scriptedFailure(status: number, retryAfterSeconds: number): HubHttpError {
  const message = status === 429 ? 'Quota exceeded for quota metric "Requests".' : 'The service is currently unavailable.';
  return new HubHttpError(status, GOOGLE_STATUS[status] ?? 'UNKNOWN', message, status === 429 ? { 'retry-after': String(retryAfterSeconds) } : {});
}
