import { DeliveryStatus } from '@switchback/contracts';
import { terminalFault } from './terminal-fault';

describe('terminalFault', () => {
  it('spends the error budget only on FAILED ends that are not the recipient\'s', () => {
    expect(terminalFault(DeliveryStatus.DELIVERED, '')).toBe('none');
    expect(terminalFault(DeliveryStatus.EXPIRED, 'ttl_elapsed')).toBe('none');
    expect(terminalFault(DeliveryStatus.FAILED, 'UNDELIV err:001')).toBe('recipient');
    expect(terminalFault(DeliveryStatus.FAILED, 'http_404')).toBe('recipient');
    expect(terminalFault(DeliveryStatus.FAILED, 'max_failovers:invalid_recipient')).toBe('recipient');
    expect(terminalFault(DeliveryStatus.FAILED, 'retries_exhausted_timeout')).toBe('platform');
    expect(terminalFault(DeliveryStatus.FAILED, 'circuit_open')).toBe('platform');
    expect(terminalFault(DeliveryStatus.FAILED, 'auth_refused')).toBe('platform');
    // An unknown reason is the platform's until someone classifies it.
    expect(terminalFault(DeliveryStatus.FAILED, 'something_new')).toBe('platform');
  });
});
