export interface DeliveryReceipt {
  readonly smscMessageId: string;
  readonly stat: string;
}

/** Parses the de-facto receipt text `id:... sub:... dlvrd:... stat:DELIVRD err:...`. */
export function parseDeliveryReceipt(text: string): DeliveryReceipt | undefined {
  const id = /\bid:(\S+)/i.exec(text)?.[1];
  const stat = /\bstat:(\S+)/i.exec(text)?.[1];
  return id && stat ? { smscMessageId: id, stat: stat.toUpperCase() } : undefined;
}

/**
 * SMSCs answer submit_sm with one form of the id and put another in the receipt (hex vs
 * decimal, upper vs lower case, leading zeros): compare ids in one canonical form.
 */
export function canonicalMessageId(id: string, form: 'hex' | 'decimal' = 'hex'): string {
  const trimmed = id.trim().toLowerCase();
  if (form === 'decimal' && /^\d+$/.test(trimmed)) return BigInt(trimmed).toString(16);
  return trimmed.replace(/^0+(?=.)/, '');
}
