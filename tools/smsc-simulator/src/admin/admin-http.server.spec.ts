import { startSmscSimulator, type SmscSimulator } from '../smsc-simulator';
import { connectEsme } from '../testing/test-esme';
import { startSmscAdminServer, type SmscAdminServer } from './admin-http.server';

describe('SMSC admin HTTP', () => {
  let smsc: SmscSimulator;
  let admin: SmscAdminServer;

  beforeEach(async () => {
    smsc = await startSmscSimulator({ systemId: 'switchback', password: 'secret', receiptDelayMs: 5 });
    admin = await startSmscAdminServer(smsc, 0);
  });

  afterEach(async () => {
    await admin.close();
    await smsc.close();
  });

  it('serves messages, stats and sessions as JSON', async () => {
    const esme = await connectEsme(smsc.url);
    await new Promise((resolve) => esme.session.bind_transceiver({ system_id: 'switchback', password: 'secret' }, resolve));
    await esme.submit({ destination_addr: '447700900123', data_coding: 0, short_message: 'hello admin', registered_delivery: 1 });
    await esme.waitForDeliverSm();

    const messages = (await (await fetch(`${admin.url}/_sim/messages`)).json()) as { messages: unknown[] };
    expect(messages.messages).toEqual([expect.objectContaining({ text: 'hello admin', destination: '447700900123', dataCoding: 0 })]);
    expect(await (await fetch(`${admin.url}/_sim/stats`)).json()).toMatchObject({ binds: 1, submits: 1, receiptsSent: 1 });
    expect(await (await fetch(`${admin.url}/_sim/sessions`)).json()).toEqual({
      sessions: [{ id: 1, bindType: 'transceiver', systemId: 'switchback' }],
      incompleteConcatenations: 0,
      heldReceipts: 0,
    });
    await esme.destroy();
  });

  it('answers anything else with 404', async () => {
    expect((await fetch(`${admin.url}/_sim/reset`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${admin.url}/`)).status).toBe(404);
  });
});
