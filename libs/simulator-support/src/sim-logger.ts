/** One notable event. Fields carry ids, counts and lengths, never message text or phone numbers. */
export interface SimLogEvent {
  readonly event: string;
  readonly [field: string]: string | number | boolean | null | undefined;
}

export type SimLogger = (event: SimLogEvent) => void;

export const silentLogger: SimLogger = () => undefined;

/** The CLI's logger: one JSON line per event on stdout. */
export function jsonLineLogger(component: string): SimLogger {
  return (event) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), component, ...event })}\n`);
}
