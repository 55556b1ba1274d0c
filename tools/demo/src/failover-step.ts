import { create, SendRequestedSchema, TrafficType, type SendRequested } from '@switchback/contracts';
import { OutcomeWatcher, type Stack } from '@switchback/stack';
import { Client } from 'pg';

/** Tenant of this step: its own policy, so the other steps keep the default one. */
const TENANT = 'demo';
const TIMEOUT_S = 3;

interface AuditRow {
  readonly event_type: string;
  readonly channel: string;
  readonly outcome: string;
  readonly fallback_reason: string | null;
  readonly detail: { leg?: number; failoverFromLeg?: number; legsDispatched?: number; reason?: string };
}

/** Two RCS-capable recipients whose first leg fails after dispatch, as the hub simulator scripts them. */
const CASES = [
  { n: 7, recipient: '+447700900104', profile: { rcs: true, sendNotFound: true }, story: 'RCS-capable at the check, but the hub now answers 404 to sends' },
  { n: 8, recipient: '+447700900105', profile: { rcs: true, offline: true }, story: `RCS-capable, phone off: accepted, never delivered (timeout ${TIMEOUT_S} s)` },
] as const;

const put = async (url: string, body: unknown, token?: string): Promise<void> => {
  const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`PUT ${url} answered ${response.status}`);
};

async function trailOf(db: Client, schema: string, messageId: string): Promise<AuditRow[]> {
  const result = await db.query(`SELECT event_type, channel, outcome, fallback_reason, detail FROM "${schema}".audit_events WHERE message_id = $1 ORDER BY seq`, [messageId]);
  return result.rows as AuditRow[];
}

/** One message's decision trail: each leg's decision and its last outcome, then the one terminal. */
function printTrail(rows: readonly AuditRow[]): void {
  const decisions = rows.filter((row) => row.event_type === 'routing_decision');
  decisions.forEach((decision, index) => {
    const leg = decision.detail.leg ?? index + 1;
    const outcomes = rows.filter((row) => row.event_type === 'delivery_outcome' && row.detail.leg === leg && row.outcome !== 'submitted');
    const last = outcomes[outcomes.length - 1];
    const why = decision.detail.failoverFromLeg ? `${decision.fallback_reason}, from leg ${decision.detail.failoverFromLeg}` : (decision.fallback_reason ?? '-');
    console.log(`  leg ${leg}  ${decision.channel.toUpperCase().padEnd(4)} ${decision.outcome.padEnd(12)} (${why})`.padEnd(62) + `-> ${last ? `${last.outcome.toUpperCase()} ${last.detail.reason ?? ''}` : 'no outcome yet'}`);
  });
  const terminals = rows.filter((row) => row.event_type === 'message_terminal');
  const end = terminals[0];
  console.log(end ? `  terminal: ${end.outcome.toUpperCase()} on ${end.channel.toUpperCase()}, leg ${end.detail.leg} of ${end.detail.legsDispatched} (${terminals.length} terminal row)` : '  terminal: none yet');
}

/**
 * The failover step: RCS legs that fail after dispatch (unreachable, or undelivered past the
 * tenant's deliveryTimeoutS and revoked at the hub) fall over to SMS, and each message ends once.
 */
export async function showFailover(stack: Stack, runId: string, brokers: string[], databaseUrl: string): Promise<void> {
  const rule = { deliveryTimeoutS: TIMEOUT_S, maxFailovers: 1 };
  await put(`http://127.0.0.1:${stack.ports['routing-admin']}/v1/admin/tenants/${TENANT}/policy`, { failover: { transactional: rule } }, stack.adminToken);
  for (const c of CASES) await put(`http://127.0.0.1:${stack.ports['hub']}/_sim/numbers/${encodeURIComponent(c.recipient)}`, c.profile);
  const steps = CASES.map((c) => ({
    ...c,
    send: create(SendRequestedSchema, { messageId: `${runId}-${c.n}`, tenantId: TENANT, recipient: c.recipient, content: { text: 'Your courier is 5 minutes away.' }, trafficType: TrafficType.TRANSACTIONAL, requestedAtMs: BigInt(Date.now()) }),
  }));
  const sends: SendRequested[] = steps.map((step) => step.send);
  const watcher = new OutcomeWatcher(brokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl });
  await watcher.publisher.connect();
  try {
    for (const send of sends) await watcher.publisher.publish('sendRequested', send, { key: send.messageId, messageId: send.messageId });
  } finally {
    await watcher.publisher.disconnect();
  }

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const ended = async (id: string) => (await trailOf(db, stack.databaseSchema, id)).some((row) => row.event_type === 'message_terminal');
    for (const deadline = Date.now() + 45_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
      if ((await Promise.all(sends.map((send) => ended(send.messageId)))).every(Boolean)) break;
    }
    console.log(`\nfailover after dispatch (tenant ${TENANT}: an RCS leg not delivered in ${TIMEOUT_S} s is revoked, then falls over)`);
    for (const step of steps) {
      console.log(`${step.send.messageId.padEnd(14)} ${step.recipient.replace(/\d{4}$/, '****').padEnd(15)} ${step.story}`);
      printTrail(await trailOf(db, stack.databaseSchema, step.send.messageId));
    }
    const hub = (await (await fetch(`http://127.0.0.1:${stack.ports['hub']}/_sim/stats`)).json()) as { revokes: number; sendsNotFound: number };
    console.log(`hub: ${hub.sendsNotFound} send answered 404, ${hub.revokes} message revoked before delivery`);
  } finally {
    await db.end();
  }
}
