import { startSmscAdminServer } from './admin/admin-http.server';
import { startSmscSimulator, type SmscSimulator } from './smsc-simulator';
import { connectEsme, receiptTextOf, type TestEsme } from './testing/test-esme';

const SUBMIT = { source_addr: 'Switchback', source_addr_ton: 5, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900123', registered_delivery: 1, data_coding: 0 };

describe('SMSC simulator: scripted carrier trouble', () => {
  let sim: SmscSimulator;
  let client: TestEsme;

  beforeEach(async () => {
    sim = await startSmscSimulator({ systemId: 'switchback', password: 'secret', receiptDelayMs: 5 });
    client = await connectEsme(sim.url);
    expect((await client.bind()).command_status).toBe(0);
  });

  afterEach(async () => {
    await client.destroy();
    await sim.close();
  });

  const submit = (text: string) => client.submit({ ...SUBMIT, short_message: text });

  it('answers the next submits with scripted statuses, then normally', async () => {
    sim.configure({ scriptedStatuses: [0x58, 0x14, 0x08] });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await submit(`s${i}`)).command_status);
    expect(statuses).toEqual([0x58, 0x14, 0x08, 0]);
    expect(sim.stats()).toMatchObject({ scripted: 3, submits: 1 });
  });

  it('delays responses and records how many were outstanding at once', async () => {
    sim.configure({ responseDelayMs: 50 });
    const started = Date.now();
    await Promise.all([submit('a'), submit('b'), submit('c')]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(sim.stats().maxOutstanding).toBe(3);
  });

  it('loses the next receipts, or sends each twice, or reports UNDELIV, when told', async () => {
    sim.configure({ dropNextReceipts: 1 });
    const lost = await submit('lost');
    const kept = await submit('kept');
    await client.waitForDeliverSm((p) => p['receipted_message_id'] === kept['message_id']);
    expect(client.delivered.map((p) => p['receipted_message_id'])).not.toContain(lost['message_id']);
    expect(sim.stats().receiptsDropped).toBe(1);

    sim.configure({ duplicateReceipts: true, receiptStat: 'UNDELIV' });
    const twice = await submit('twice');
    await client.waitForDeliverSm((p) => p['receipted_message_id'] === twice['message_id'] && client.delivered.filter((d) => d['receipted_message_id'] === twice['message_id']).length === 2);
    const receipt = client.delivered.find((p) => p['receipted_message_id'] === twice['message_id'])!;
    expect(receipt['message_state']).toBe(5);
    expect(receiptTextOf(receipt)).toContain('stat:UNDELIV');
  });

  it('answers zero-padded upper-case hex and receipts bare lower case in hex-resp-lowercase-receipt mode', async () => {
    sim.configure({ messageIdFormat: 'hex-resp-lowercase-receipt' });
    const id = String((await submit('x'))['message_id']);
    expect(id).toMatch(/^00[0-9A-F]{8}$/);
    const receipt = await client.waitForDeliverSm();
    expect(receipt['receipted_message_id']).toBe(id.replace(/^0+/, '').toLowerCase());
  });

  it('drops every connection on demand, over admin HTTP too', async () => {
    const admin = await startSmscAdminServer(sim, 0);
    try {
      const response = await fetch(`${admin.url}/_sim/disconnect`, { method: 'POST' });
      expect(await response.json()).toEqual({ dropped: 1 });
      await client.closed();
      const patched = await fetch(`${admin.url}/_sim/behaviour`, { method: 'POST', body: JSON.stringify({ scriptedStatuses: [0x58] }) });
      expect(await patched.json()).toMatchObject({ scriptedStatuses: [0x58] });
      const refused = await fetch(`${admin.url}/_sim/behaviour`, { method: 'POST', body: '{"nope":1}' });
      expect(refused.status).toBe(400);
      expect(sim.stats().forcedDisconnects).toBe(1);
    } finally {
      await admin.close();
    }
  });
});
