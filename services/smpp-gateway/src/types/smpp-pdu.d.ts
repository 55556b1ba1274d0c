// Adds to the repo-wide declaration of the untyped `smpp` package (types/smpp.d.ts) what the
// gateway's ESME uses: the PDU constructor (to learn a request's sequence_number before it is
// sent), send's failure callback, the session's closed flag, and addTLV (to read receipt TLVs
// leniently). Interfaces merge with that declaration; a second full `declare module 'smpp'`
// would clash with it.
declare module 'smpp' {
  interface PduConstructor {
    new (command: string, fields?: Record<string, unknown>): Pdu;
    /** Decodes one whole PDU from its wire bytes. */
    new (wire: Buffer): Pdu;
  }
  export const PDU: PduConstructor;

  interface TlvType {
    read(buffer: Buffer, offset: number, length: number): unknown;
    write(value: unknown, buffer: Buffer, offset: number): void;
    size(value: unknown): number;
    default: unknown;
  }
  /** Registers (or replaces) how a TLV is read and written, for every session of the process. */
  export function addTLV(tag: string, options: { id: number; type: TlvType; multiple?: boolean }): void;

  interface Session {
    readonly closed: boolean;
    send(pdu: Pdu, responseCallback: ((pdu: Pdu) => void) | undefined, sendCallback: (() => void) | undefined, failureCallback: (pdu: Pdu) => void): boolean;
  }
}
