/**
 * SMSCs answer submit_sm with one spelling of a message id and put another into the receipt:
 * hex vs decimal, upper vs lower case, leading zeros. Ids are compared in a canonical form
 * (trimmed, lower case, no leading zeros), and each id we are given is also remembered under
 * its other-base spellings as aliases, looked up only when no id matches exactly.
 */
export function canonicalId(id: string): string {
  return id.trim().toLowerCase().replace(/^0+(?=.)/, '');
}

/** Other spellings of the same number: hex read as decimal and decimal read as hex. */
export function alternateIds(id: string): string[] {
  const canonical = canonicalId(id);
  const out = new Set<string>();
  if (/^[0-9a-f]{1,24}$/.test(canonical)) out.add(BigInt(`0x${canonical}`).toString(10));
  if (/^[0-9]{1,30}$/.test(canonical)) out.add(BigInt(canonical).toString(16));
  out.delete(canonical);
  return [...out];
}
