import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** SMPP 3.4 command ids the raw SMSC speaks. */
export const Cmd = {
  genericNack: 0x80000000,
  bindTransceiver: 0x00000009,
  bindTransceiverResp: 0x80000009,
  submitSm: 0x00000004,
  submitSmResp: 0x80000004,
  deliverSm: 0x00000005,
  deliverSmResp: 0x80000005,
  unbind: 0x00000006,
  unbindResp: 0x80000006,
  enquireLink: 0x00000015,
  enquireLinkResp: 0x80000015,
} as const;

const cstr = (text: string) => Buffer.concat([Buffer.from(text, 'latin1'), Buffer.from([0])]);

/** One PDU: a header (length, id, status, sequence) and a body, laid out as the spec says. */
export function pdu(commandId: number, sequence: number, body: Buffer = Buffer.alloc(0), status = 0): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(16 + body.length, 0);
  header.writeUInt32BE(commandId >>> 0, 4);
  header.writeUInt32BE(status >>> 0, 8);
  header.writeUInt32BE(sequence >>> 0, 12);
  return Buffer.concat([header, body]);
}

/** A deliver_sm receipt (esm_class 0x04) with any text and optional raw TLV bytes. */
export function receiptPdu(sequence: number, to: string, text: Buffer, tlvs: Buffer = Buffer.alloc(0)): Buffer {
  const body = Buffer.concat([
    cstr(''), // service_type
    Buffer.from([1, 1]),
    cstr(to), // source: the handset
    Buffer.from([1, 1]),
    cstr('switchback'),
    Buffer.from([0x04, 0, 0]), // esm_class: receipt; protocol_id; priority
    cstr(''),
    cstr(''),
    Buffer.from([0, 0, 0, 0, Math.min(text.length, 254)]), // registered_delivery .. sm_length
    text.subarray(0, 254),
    tlvs,
  ]);
  return pdu(Cmd.deliverSm, sequence, body);
}

export function receiptText(id: string, stat: string): Buffer {
  return Buffer.from(`id:${id} sub:001 dlvrd:001 submit date:2612060000 done date:2612060001 stat:${stat} err:000 text:`, 'latin1');
}

export interface SubmittedSm {
  readonly id: string;
  readonly to: string;
  readonly text: string;
  readonly sequence: number;
}

/**
 * An SMSC on a raw TCP socket, for what no well-behaved SMSC sends: it binds, answers
 * enquire_link and (in `answer` mode) submit_sm, and `inject` writes any bytes to the bound
 * connections. `hold` leaves submits unanswered until `answer` is switched back.
 */
export class RawSmsc {
  readonly submitted: SubmittedSm[] = [];
  readonly fromGateway: { commandId: number; status: number; sequence: number }[] = [];
  binds = 0;
  answerSubmits = true;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private sequence = 1;
  private nextId = 1;

  constructor(private readonly idPrefix: string) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smpp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get connections(): number {
    return this.sockets.size;
  }

  nextSequence(): number {
    return (this.sequence += 1);
  }

  inject(bytes: Buffer): void {
    for (const socket of this.sockets) socket.write(bytes);
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 16 && buffered.length >= buffered.readUInt32BE(0)) {
        const length = buffered.readUInt32BE(0);
        this.onPdu(socket, buffered.subarray(0, length));
        buffered = buffered.subarray(length);
      }
    });
  }

  private onPdu(socket: Socket, bytes: Buffer): void {
    const commandId = bytes.readUInt32BE(4);
    const status = bytes.readUInt32BE(8);
    const sequence = bytes.readUInt32BE(12);
    this.fromGateway.push({ commandId, status, sequence });
    if (commandId === Cmd.bindTransceiver) {
      this.binds += 1;
      socket.write(pdu(Cmd.bindTransceiverResp, sequence, cstr('rawsmsc')));
    } else if (commandId === Cmd.enquireLink) socket.write(pdu(Cmd.enquireLinkResp, sequence));
    else if (commandId === Cmd.unbind) socket.write(pdu(Cmd.unbindResp, sequence), () => socket.end());
    else if (commandId === Cmd.submitSm) {
      const fields = readCStrings(bytes.subarray(16), 3); // service_type, source_addr, destination_addr (with ton/npi between)
      const body = bytes.subarray(16);
      const schedule = body.indexOf(0, fields.end + 3); // after esm_class, protocol_id, priority_flag
      const validity = body.indexOf(0, schedule + 1);
      const smLength = body[validity + 5] ?? 0; // after registered_delivery, replace, data_coding, default id
      const text = body.subarray(validity + 6, validity + 6 + smLength).toString('latin1');
      const id = `${this.idPrefix}${(this.nextId += 1)}`;
      this.submitted.push({ id, to: fields.values[2] ?? '', text, sequence });
      if (this.answerSubmits) socket.write(pdu(Cmd.submitSmResp, sequence, cstr(id)));
    }
  }
}

/** submit_sm's leading C-strings (service_type, source_addr, destination_addr) with ton/npi between. */
function readCStrings(body: Buffer, count: number): { values: string[]; end: number } {
  const values: string[] = [];
  let offset = 0;
  for (let index = 0; index < count; index += 1) {
    if (index > 0) offset += 2; // ton, npi
    const end = body.indexOf(0, offset);
    values.push(body.subarray(offset, end).toString('latin1'));
    offset = end + 1;
  }
  return { values, end: offset };
}
