// Adds to the repo-wide declaration of the untyped `smpp` package (types/smpp.d.ts) what the
// gateway's ESME uses: the PDU constructor (to learn a request's sequence_number before it is
// sent), send's failure callback, and the session's closed flag. Interfaces merge with that
// declaration; a second full `declare module 'smpp'` would clash with it.
declare module 'smpp' {
  interface PduConstructor {
    new (command: string, fields?: Record<string, unknown>): Pdu;
  }
  export const PDU: PduConstructor;

  interface Session {
    readonly closed: boolean;
    send(pdu: Pdu, responseCallback: ((pdu: Pdu) => void) | undefined, sendCallback: (() => void) | undefined, failureCallback: (pdu: Pdu) => void): boolean;
  }
}
