/**
 * The only text that travels on a plaintext channel for sensitive content: who it is from,
 * the link, and what the link does. The fragment (after #) is the key in fragment mode; it is
 * never sent to a server by the recipient's browser.
 */
export function linkText(options: { sender: string; url: string; fragment: string; maxViews: number; ttlSeconds: number; code: 'none' | 'separate_message' | 'from_sender' }): string {
  const views = options.maxViews === 1 ? 'opens once' : `opens ${options.maxViews} times`;
  const code = CODE_HINTS[options.code].replace('{sender}', options.sender);
  return `${options.sender} sent you a secure message: ${options.url}#${options.fragment} (${views}, expires in ${humanDuration(options.ttlSeconds)}).${code}`;
}

/** Where the recipient finds the code, so nobody expects it in the same message as the link. */
const CODE_HINTS = {
  none: '',
  separate_message: ' You will get a code separately.',
  from_sender: ' {sender} will give you the code to open it.',
} as const;

/** The second-channel message of code mode: the code alone, never with the link. */
export function codeText(options: { sender: string; code: string }): string {
  return `${options.sender}: your code for the secure message is ${options.code}. Never share it.`;
}

function humanDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3_600 === 0) return plural(seconds / 3_600, 'hour');
  return plural(Math.max(1, Math.round(seconds / 60)), 'minute');
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
