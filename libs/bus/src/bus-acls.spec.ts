import { BUS_ADMIN_PRINCIPAL, BusPrincipals, ConsumerGroups, type BusPrincipal, type ConsumerGroupName } from '@switchback/contracts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { busAcls, type BusAcl } from './bus-acls';
import { TopicNames } from './topic-names';

const names = new TopicNames('env1.');
const acls = busAcls(names, 3);
const holders = (resource: BusAcl['resource'], name: string, operation: BusAcl['operation']): BusPrincipal[] =>
  acls.filter((acl) => acl.resource === resource && acl.name === name && acl.operation === operation).map((acl) => acl.principal).sort();

describe('busAcls (the broker grants, from the topic registry)', () => {
  it('runs every declared consumer group under exactly one principal', () => {
    const runBy = Object.values(BusPrincipals).flatMap((access) => access.groups as readonly ConsumerGroupName[]);
    expect([...runBy].sort()).toEqual(Object.keys(ConsumerGroups).sort());
  });

  it('lets only the producers and routing (its HTTP ingress) write send requests, and only routing read them', () => {
    expect(holders('topic', 'env1.sb.send.requested', 'write')).toEqual(['sb-producer', 'sb-routing']);
    expect(holders('topic', 'env1.sb.send.requested', 'read')).toEqual(['sb-routing']);
  });

  it('keeps each dispatch topic to routing (write) and the one gateway that delivers it (read)', () => {
    expect(holders('topic', 'env1.sb.dispatch.rcs', 'read')).toEqual(['sb-rcs-gateway']);
    expect(holders('topic', 'env1.sb.dispatch.revoke', 'read')).toEqual(['sb-rcs-gateway']);
    expect(holders('topic', 'env1.sb.dispatch.sms', 'read')).toEqual(['sb-smpp-gateway']);
    expect(holders('topic', 'env1.sb.dispatch.securelink', 'read')).toEqual(['sb-routing']);
    for (const topic of ['rcs', 'sms', 'securelink', 'revoke']) expect(holders('topic', `env1.sb.dispatch.${topic}`, 'write')).toEqual(['sb-routing']);
  });

  it('gives the audit sink and capability discovery no sealed topic at all', () => {
    const sealedTopics = ['send.requested', 'dispatch.rcs', 'dispatch.sms', 'dispatch.securelink', 'dispatch.revoke'].map((topic) => `env1.sb.${topic}`);
    const reach = acls.filter((acl) => (acl.principal === 'sb-audit-sink' || acl.principal === 'sb-capability-discovery') && sealedTopics.includes(acl.name));
    expect(reach).toEqual([]);
  });

  it("gives a group's principal its retry tiers (read, write), its dead letters (write only) and its groups", () => {
    expect(holders('topic', 'env1.sb.retry.audit-sink.2', 'read')).toEqual(['sb-audit-sink']);
    expect(holders('topic', 'env1.sb.retry.audit-sink.2', 'write')).toEqual(['sb-audit-sink']);
    expect(holders('topic', 'env1.sb.dlq.audit-sink', 'write')).toEqual(['sb-audit-sink']);
    expect(holders('topic', 'env1.sb.dlq.audit-sink', 'read')).toEqual([]); // the operator's (admin) to redrive
    expect(holders('group', 'env1.routing-outcomes', 'read')).toEqual(['sb-routing']);
    expect(holders('group', 'env1.routing.retry-3', 'read')).toEqual(['sb-routing']);
  });

  it('names only this prefix, and TopicNames tells this prefix from another sharing the broker', () => {
    expect(acls.every((acl) => names.owns(acl.name))).toBe(true);
    expect(new TopicNames('').owns('env1.sb.dispatch.rcs')).toBe(false);
    expect(new TopicNames('').owns('sb.dispatch.rcs')).toBe(true);
    expect(new TopicNames('').owns('routing.retry-2')).toBe(true);
    expect(new TopicNames('').owns('someone-elses-group')).toBe(false);
  });

  it('matches the principals the local broker creates (deploy/local/kafka.sh)', () => {
    const script = readFileSync(path.resolve(__dirname, '../../../deploy/local/kafka.sh'), 'utf8');
    const declared = /^PRINCIPALS=\(([^)]*)\)/m.exec(script)?.[1]?.split(/\s+/).filter(Boolean);
    expect(declared?.sort()).toEqual([BUS_ADMIN_PRINCIPAL, ...Object.keys(BusPrincipals)].sort());
    expect(script).toContain(`ADMIN_PRINCIPAL=${BUS_ADMIN_PRINCIPAL}`);
  });
});
