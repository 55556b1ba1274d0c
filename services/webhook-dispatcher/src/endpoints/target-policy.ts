import { BlockList, isIP } from 'node:net';
import type { TargetClass } from '../config/webhook-dispatcher.config';

const ranges: Record<TargetClass, readonly (readonly [string, number, 'ipv4' | 'ipv6'])[]> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  private: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4'], ['fc00::', 7, 'ipv6']],
  'link-local': [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
};
// Never a callback target, whatever the configuration: "this network", multicast, reserved.
const alwaysRefused: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] = [['0.0.0.0', 8, 'ipv4'], ['224.0.0.0', 3, 'ipv4'], ['::', 128, 'ipv6'], ['ff00::', 8, 'ipv6']];

/**
 * Which addresses a callback may reach: public ones, plus the classes configuration allows
 * (loopback in tests). Checked on the resolved address of every connection, so a name that
 * later resolves to 169.254.169.254 (DNS rebinding) is refused at connect time too.
 */
export class TargetPolicy {
  private readonly refused = new BlockList();

  constructor(allowed: readonly TargetClass[]) {
    for (const [cls, list] of Object.entries(ranges) as [TargetClass, typeof ranges.loopback][]) {
      if (allowed.includes(cls)) continue;
      for (const [net, prefix, type] of list) this.refused.addSubnet(net, prefix, type);
    }
    for (const [net, prefix, type] of alwaysRefused) this.refused.addSubnet(net, prefix, type);
  }

  /** True when a connection to this IP address may be made. */
  allowsAddress(address: string): boolean {
    const unmapped = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(unmapped);
    if (family === 0) return false;
    return !this.refused.check(unmapped, family === 4 ? 'ipv4' : 'ipv6');
  }

  /** For registration: a literal address (or localhost) that is refused now is refused early. */
  allowsHost(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return this.allowsAddress(host);
    if (host === 'localhost' || host.endsWith('.localhost')) return this.allowsAddress('127.0.0.1');
    return true;
  }
}
