import { PermanentException } from '@switchback/errors';
import { redactedReason } from './redacted-reason';

describe('redactedReason', () => {
  it('keeps only the name of a foreign error, which may quote its input', () => {
    const driver = Object.assign(new Error('duplicate key value violates unique constraint: Key (recipient)=(+447700900123) already exists'), { name: 'QueryFailedError' });
    expect(redactedReason(driver)).toBe('QueryFailedError');
    expect(redactedReason(new TypeError('Cannot read properties of "canary-text"'))).toBe('TypeError');
    expect(redactedReason('a thrown string with canary')).toBe('unknown');
  });

  it('keeps the platform’s own messages with long digit runs masked', () => {
    expect(redactedReason(new PermanentException('bad_number', 'recipient +44 7700 900123 is not allowed; code 482913'))).toBe('recipient … is not allowed; code …');
    expect(redactedReason(new PermanentException('failover_impossible', 'message m-12 has no sealed text'))).toBe('message m-12 has no sealed text');
  });

  it('bounds the length', () => {
    expect(redactedReason(new PermanentException('long', 'x'.repeat(1_000)))).toHaveLength(300);
  });
});
