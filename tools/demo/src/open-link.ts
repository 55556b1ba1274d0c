import { deriveFromFragment, openSecureLinkPayload } from '@switchback/secure-link';

export interface LinkOpening {
  readonly link: string;
  readonly text: string | undefined;
  readonly secondStatus: number;
}

/**
 * Does what the recipient page does with the first secure link in a carrier's recorded bodies:
 * derive the claim secret from the fragment, claim, decrypt; then claims again (one view: 404).
 */
export async function openFirstLink(bodies: string): Promise<LinkOpening | undefined> {
  const match = /(http:\/\/127\.0\.0\.1:\d+)\/s\/([A-Za-z0-9_-]+)#(k\.[A-Za-z0-9_-]+)/.exec(bodies);
  if (!match) return undefined;
  const [, origin, id, fragment] = match as unknown as [string, string, string, string];
  const keys = await deriveFromFragment(fragment);
  const claim = () => fetch(`${origin}/v1/links/${id}/claim`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ claimSecret: keys.claimSecret }) });
  const first = await claim();
  const payload = first.ok ? await openSecureLinkPayload(((await first.json()) as { ciphertext: string }).ciphertext, keys) : undefined;
  const second = await claim();
  await second.body?.cancel();
  return { link: `${origin}/s/${id}#…`, text: payload?.kind === 'text' ? payload.text : undefined, secondStatus: second.status };
}
