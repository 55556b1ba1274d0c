import type { Pdu } from 'smpp';
import { SmppStatus } from '../smpp-status';

export type BindType = 'transceiver' | 'transmitter' | 'receiver';

export const BIND_COMMANDS: Readonly<Record<`bind_${BindType}`, BindType>> = {
  bind_transceiver: 'transceiver',
  bind_transmitter: 'transmitter',
  bind_receiver: 'receiver',
};

/** ESME_ROK, or why the bind is refused: unknown system_id, then wrong password. */
export function checkBindCredentials(pdu: Pdu, systemId: string, password: string): number {
  if (pdu['system_id'] !== systemId) return SmppStatus.ESME_RINVSYSID;
  if (pdu['password'] !== password) return SmppStatus.ESME_RINVPASWD;
  return SmppStatus.ESME_ROK;
}
