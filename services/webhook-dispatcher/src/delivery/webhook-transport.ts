/** What one POST to an endpoint came to. */
export type SendResult =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'gone' }
  | { readonly kind: 'failed'; readonly reason: string; readonly status?: number };

/** The port the dispatcher sends through (HTTP in production, a stub in unit tests). */
export interface WebhookTransport {
  post(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<SendResult>;
}

export const WEBHOOK_TRANSPORT = Symbol('WEBHOOK_TRANSPORT');
