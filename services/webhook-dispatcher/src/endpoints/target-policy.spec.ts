import { TargetPolicy } from './target-policy';

describe('TargetPolicy', () => {
  it('refuses loopback, private, link-local and unspecified addresses by default, allows public ones', () => {
    const policy = new TargetPolicy([]);
    for (const address of ['127.0.0.1', '::1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', 'fe80::1', 'fd00::1', '0.0.0.0', '::ffff:127.0.0.1', 'not-an-ip']) expect([address, policy.allowsAddress(address)]).toEqual([address, false]);
    for (const address of ['93.184.216.34', '2606:2800:220:1::1']) expect(policy.allowsAddress(address)).toBe(true);
  });

  it('allows exactly the configured classes', () => {
    const policy = new TargetPolicy(['loopback']);
    expect(policy.allowsAddress('127.0.0.1')).toBe(true);
    expect(policy.allowsHost('localhost')).toBe(true);
    expect(policy.allowsAddress('10.0.0.1')).toBe(false);
    expect(policy.allowsHost('[::1]')).toBe(true);
    expect(new TargetPolicy([]).allowsHost('localhost')).toBe(false);
    expect(new TargetPolicy([]).allowsHost('hooks.example.com')).toBe(true);
  });
});
