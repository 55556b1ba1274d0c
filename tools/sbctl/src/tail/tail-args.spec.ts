import { UsageError } from '../dlq.command';
import { parseTailArgs } from './tail-args';

describe('parseTailArgs', () => {
  it('reads output, filters and bounds', () => {
    expect(parseTailArgs(['--json', '--tenant', 'acme', '--action', 'Blocked,secure_link_created', '--sensitive-only', '--max', '3', '--for', '1.5'])).toEqual({
      json: true,
      tenant: 'acme',
      actions: ['blocked', 'secure_link_created'],
      sensitiveOnly: true,
      max: 3,
      forSeconds: 1.5,
    });
    expect(parseTailArgs([])).toEqual({ json: false, actions: [], sensitiveOnly: false });
  });

  it.each([[['--max', '0']], [['--max', '1.5']], [['--for', '-1']], [['--tenant']], [['--tenant', '--json']], [['--action', 'sent_loud']], [['decisions']]])('refuses %j', (args) => {
    expect(() => parseTailArgs(args)).toThrow(UsageError);
  });
});
