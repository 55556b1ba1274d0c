/** SMPP 3.4 command_status names (spec 5.1.3) for the values an ESME meets on submit_sm_resp. */
const NAMES: Readonly<Record<number, string>> = {
  0x00: 'ESME_ROK',
  0x01: 'ESME_RINVMSGLEN',
  0x02: 'ESME_RINVCMDLEN',
  0x03: 'ESME_RINVCMDID',
  0x04: 'ESME_RINVBNDSTS',
  0x05: 'ESME_RALYBND',
  0x06: 'ESME_RINVPRTFLG',
  0x07: 'ESME_RINVREGDLVFLG',
  0x08: 'ESME_RSYSERR',
  0x0a: 'ESME_RINVSRCADR',
  0x0b: 'ESME_RINVDSTADR',
  0x0c: 'ESME_RINVMSGID',
  0x0d: 'ESME_RBINDFAIL',
  0x0e: 'ESME_RINVPASWD',
  0x0f: 'ESME_RINVSYSID',
  0x14: 'ESME_RMSGQFUL',
  0x15: 'ESME_RINVSERTYP',
  0x33: 'ESME_RINVNUMDESTS',
  0x43: 'ESME_RINVESMCLASS',
  0x45: 'ESME_RSUBMITFAIL',
  0x48: 'ESME_RINVSRCTON',
  0x49: 'ESME_RINVSRCNPI',
  0x50: 'ESME_RINVDSTTON',
  0x51: 'ESME_RINVDSTNPI',
  0x53: 'ESME_RINVSYSTYP',
  0x58: 'ESME_RTHROTTLED',
  0x61: 'ESME_RINVSCHED',
  0x62: 'ESME_RINVEXPIRY',
  0x63: 'ESME_RINVDFTMSGID',
  0x64: 'ESME_RX_T_APPN',
  0x65: 'ESME_RX_P_APPN',
  0x66: 'ESME_RX_R_APPN',
  0xc0: 'ESME_RINVTLVSTREAM',
  0xc1: 'ESME_RTLVNOTALLWD',
  0xc2: 'ESME_RINVTLVLEN',
  0xc3: 'ESME_RMISSINGTLV',
  0xc4: 'ESME_RINVTLVVAL',
  0xfe: 'ESME_RDELIVERYFAILURE',
  0xff: 'ESME_RUNKNOWNERR',
};

/**
 * What to do with a refused submit_sm. `retry`: the SMSC is busy or broken, not the message
 * (throttled, queue full, system error, temporary application error, bind state): try later.
 * `fail`: the message itself is wrong (address, length, flags): FAILED with the status name.
 * Unknown statuses fail: retrying an unknown refusal only multiplies it.
 */
export type StatusClass = 'ok' | 'retry' | 'fail';

/**
 * Statuses about the bind, not the message: answered to a request mid-session they say the
 * SMSC no longer takes this session (ESME_RINVSYSID after an account change, say). The session
 * unbinds and rebinds; the request is retried, on another bind or later.
 */
const BIND_LEVEL = new Set([0x04, 0x0d, 0x0e, 0x0f, 0x53]);

export function isBindLevelStatus(status: number): boolean {
  return BIND_LEVEL.has(status);
}

const RETRIABLE = new Set([0x08, 0x14, 0x45, 0x58, 0x64, 0xfe, 0xff, ...BIND_LEVEL]);

export function statusName(status: number): string {
  return NAMES[status] ?? `ESME_0x${status.toString(16).padStart(8, '0')}`;
}

export function classifyStatus(status: number): StatusClass {
  if (status === 0) return 'ok';
  return RETRIABLE.has(status) ? 'retry' : 'fail';
}

/**
 * Statuses that say the SMSC connector is unhealthy (its circuit breaker counts them): system
 * error, queue full, throttled, submit failed, the bind-level ones, temporary application
 * error, unknown error. Refusals of one message (bad address, length, flags) prove the path works.
 */
const PATH_FAILURES = new Set([0x08, 0x14, 0x45, 0x58, 0x64, 0xff, ...BIND_LEVEL]);

export function isPathFailure(status: number): boolean {
  return PATH_FAILURES.has(status);
}
