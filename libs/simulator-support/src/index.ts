// What the carrier simulators (tools/hub-simulator, tools/smsc-simulator) share: their
// content-free log events, waiting for a recorded match, and a log-safe error reason.
export * from './sim-logger';
export * from './wait-for-match';
export * from './error-reason';
export * from './log-recorder';
