// The npm `smpp` package ships no types: only what this project uses, loosely.
declare module 'smpp' {
  import { EventEmitter } from 'node:events';

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    response(fields?: Record<string, unknown>): Pdu;
  }

  export class Session extends EventEmitter {
    constructor(options?: Record<string, unknown>);
    send(pdu: Pdu, responseCallback?: (pdu: Pdu) => void, sendCallback?: () => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(fields: Record<string, unknown>, callback?: (pdu: Pdu) => void): void;
    submit_sm(fields: Record<string, unknown>, callback?: (pdu: Pdu) => void): void;
    deliver_sm(fields: Record<string, unknown>, callback?: (pdu: Pdu) => void): void;
    enquire_link(fields?: Record<string, unknown>, callback?: (pdu: Pdu) => void): void;
    unbind(fields?: Record<string, unknown>, callback?: (pdu: Pdu) => void): void;
  }

  export interface Server extends EventEmitter {
    listen(port: number, host: string, callback?: () => void): this;
    close(callback?: (error?: Error) => void): this;
    address(): { port: number } | string | null;
  }

  export interface Encoding {
    match(text: string): boolean;
    encode(text: string): Buffer;
    decode(bytes: Buffer): string;
  }

  export const encodings: { ASCII: Encoding; LATIN1: Encoding; UCS2: Encoding };
  export function createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server;
  export function connect(options: Record<string, unknown>, listener?: () => void): Session;
  export const errors: Record<string, number>;
}
