// Adds to the repo-wide declaration of the untyped `smpp` package (types/smpp.d.ts) the two
// bind operations only the simulator's tests use. Interfaces merge with that declaration's
// Session class; a second full `declare module 'smpp'` would clash with it.
declare module 'smpp' {
  interface Session {
    bind_transmitter(fields: Record<string, unknown>, callback?: (pdu: Pdu) => void): void;
    bind_receiver(fields: Record<string, unknown>, callback?: (pdu: Pdu) => void): void;
  }
}
