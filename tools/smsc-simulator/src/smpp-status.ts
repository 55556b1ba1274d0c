/** SMPP 3.4 command_status values this simulator answers with (spec section 5.1.3). */
export const SmppStatus = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RINVDSTADR: 0x0b,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RTHROTTLED: 0x58,
} as const;

/** ESME_RINVDSTADR -> 0x0b etc., for logs. */
export const statusHex = (status: number): string => `0x${status.toString(16).padStart(2, '0')}`;
