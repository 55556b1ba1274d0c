import { classifyStatus, isBindLevelStatus, isPathFailure, statusName } from './command-status';
import { submitFailure, SubmitDeferredException, SubmitRejectedException } from './smpp.exception';

describe('command_status classes', () => {
  it.each([
    [0x58, 'ESME_RTHROTTLED'],
    [0x14, 'ESME_RMSGQFUL'],
    [0x08, 'ESME_RSYSERR'],
    [0x0f, 'ESME_RINVSYSID'],
    [0x0e, 'ESME_RINVPASWD'],
  ])('retries 0x%s (%s)', (status, name) => {
    expect(classifyStatus(status)).toBe('retry');
    const failure = submitFailure(status);
    expect(failure).toBeInstanceOf(SubmitDeferredException);
    expect(failure).toMatchObject({ code: name, retriable: true });
  });

  it.each([
    [0x0b, 'ESME_RINVDSTADR'],
    [0x0a, 'ESME_RINVSRCADR'],
    [0x01, 'ESME_RINVMSGLEN'],
    [0x43, 'ESME_RINVESMCLASS'],
  ])('fails 0x%s (%s) for good, with the status name as the reason', (status, name) => {
    expect(classifyStatus(status)).toBe('fail');
    const failure = submitFailure(status);
    expect(failure).toBeInstanceOf(SubmitRejectedException);
    expect(failure).toMatchObject({ code: name, retriable: false });
  });

  it('names unknown statuses by value and does not retry them', () => {
    expect(statusName(0x400)).toBe('ESME_0x00000400');
    expect(classifyStatus(0x400)).toBe('fail');
    expect(classifyStatus(0)).toBe('ok');
  });

  it.each([
    [0x58, true],
    [0x14, true],
    [0x08, true],
    [0x45, true],
    [0x04, true],
    [0x0f, true],
    [0x0b, false],
    [0x01, false],
    [0x00, false],
    [0xfe, false],
  ])('counts 0x%s against the connector\'s breaker: %s', (status, failure) => {
    expect(isPathFailure(status)).toBe(failure);
  });

  it('knows the statuses that are about the bind rather than the message', () => {
    expect([0x04, 0x0d, 0x0e, 0x0f, 0x53].map(isBindLevelStatus)).toEqual([true, true, true, true, true]);
    expect([0x00, 0x08, 0x0b, 0x58, 0x05].map(isBindLevelStatus)).toEqual([false, false, false, false, false]);
  });
});
