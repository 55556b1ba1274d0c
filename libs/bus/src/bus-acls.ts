import { BusPrincipals, ConsumerGroups, type BusPrincipal, type PrincipalAccess, type TopicKey } from '@switchback/contracts';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry, type Kafka } from 'kafkajs';
import type { TopicNames } from './topic-names';

/** One grant: a principal may read or write one topic, or join one consumer group. */
export interface BusAcl {
  readonly principal: BusPrincipal;
  readonly resource: 'topic' | 'group';
  readonly name: string;
  readonly operation: 'read' | 'write';
}

/**
 * The grants of every service principal under one topic prefix, derived from BusPrincipals and
 * ConsumerGroups: a consumer group's principal reads its event topics, joins the group and its
 * retry-tier groups, parks failures in its retry tiers and dead letters and reads the tiers back;
 * a publisher writes its topics. Nothing else: no wildcard, no cluster right, no topic creation.
 */
export function busAcls(names: TopicNames, retryTiers: number): BusAcl[] {
  const acls: BusAcl[] = [];
  for (const [principal, access] of Object.entries(BusPrincipals) as [BusPrincipal, PrincipalAccess][]) {
    const grant = (resource: BusAcl['resource'], name: string, operation: BusAcl['operation']) => acls.push({ principal, resource, name, operation });
    for (const group of access.groups) {
      grant('group', names.consumerGroup(group), 'read');
      for (const key of ConsumerGroups[group] as readonly TopicKey[]) grant('topic', names.event(key), 'read');
      for (let tier = 1; tier <= retryTiers; tier++) {
        grant('group', names.retryConsumerGroup(group, tier), 'read');
        grant('topic', names.retry(group, tier), 'read');
        grant('topic', names.retry(group, tier), 'write');
      }
      grant('topic', names.deadLetter(group), 'write');
    }
    for (const key of access.writes) grant('topic', names.event(key), 'write');
  }
  return acls;
}

/**
 * Makes the broker's ACLs for this prefix exactly `acls`: grants what is missing and revokes a
 * service principal's grants on this prefix's topics and groups that the registry no longer
 * declares, so the broker cannot drift from the code. Grants under other prefixes (other
 * environments or tests sharing the broker) are left alone.
 */
export async function applyBusAcls(kafka: Kafka, names: TopicNames, acls: readonly BusAcl[]): Promise<{ granted: number; revoked: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = new Set(acls.map(aclKey));
    const existing = await describeServiceAcls(admin, names);
    const stale = existing.filter((acl) => !wanted.has(aclKey(acl)));
    const present = new Set(existing.map(aclKey));
    const missing = acls.filter((acl) => !present.has(aclKey(acl)));
    if (missing.length > 0) await admin.createAcls({ acl: missing.map(toEntry) });
    if (stale.length > 0) await admin.deleteAcls({ filters: stale.map(toEntry) });
    if (missing.length > 0 || stale.length > 0) await untilInForce(admin, names, wanted);
    return { granted: missing.length, revoked: stale.length };
  } finally {
    await admin.disconnect();
  }
}

type Admin = ReturnType<Kafka['admin']>;

/**
 * The controller accepts a change before the broker's authorizer applies it (it follows the
 * metadata log): wait until the broker reports exactly the wanted grants, so a service started
 * right after provisioning is not refused.
 */
async function untilInForce(admin: Admin, names: TopicNames, wanted: ReadonlySet<string>, timeoutMs = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const now = new Set((await describeServiceAcls(admin, names)).map(aclKey));
    if (now.size === wanted.size && [...wanted].every((key) => now.has(key))) return;
    if (Date.now() > deadline) throw new Error(`the broker did not apply the ACL changes within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The literal ALLOW grants of the service principals on this prefix's names. */
async function describeServiceAcls(admin: Admin, names: TopicNames): Promise<BusAcl[]> {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ALLOW,
  });
  const found: BusAcl[] = [];
  for (const resource of resources) {
    const kind = resource.resourceType === AclResourceTypes.TOPIC ? 'topic' : resource.resourceType === AclResourceTypes.GROUP ? 'group' : undefined;
    if (!kind || !names.owns(resource.resourceName)) continue;
    for (const acl of resource.acls) {
      const principal = acl.principal.replace(/^User:/, '');
      const operation = acl.operation === AclOperationTypes.READ ? 'read' : acl.operation === AclOperationTypes.WRITE ? 'write' : undefined;
      if (!(principal in BusPrincipals) || !operation || acl.host !== '*') continue;
      found.push({ principal: principal as BusPrincipal, resource: kind, name: resource.resourceName, operation });
    }
  }
  return found;
}

function aclKey(acl: BusAcl): string {
  return `${acl.principal}|${acl.resource}|${acl.name}|${acl.operation}`;
}

function toEntry(acl: BusAcl): AclEntry {
  return {
    resourceType: acl.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
    resourceName: acl.name,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: `User:${acl.principal}`,
    host: '*',
    operation: acl.operation === 'read' ? AclOperationTypes.READ : AclOperationTypes.WRITE,
    permissionType: AclPermissionTypes.ALLOW,
  };
}
