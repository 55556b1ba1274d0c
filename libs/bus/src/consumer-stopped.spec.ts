import { ConsumerStoppedError } from './consumer-stopped';
import { KafkaCheck } from './kafka.check';

function kafkajsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('ConsumerStoppedError', () => {
  it('says which group stopped and points a refusal at the ACLs', () => {
    const error = new ConsumerStoppedError('routing', kafkajsError('KafkaJSProtocolError', 'Not authorized to access topics: [Topic authorization failed]'));
    expect(error.message).toMatch(/^consumer group routing stopped: Not authorized .* lacks an ACL/);
  });

  it("reads kafkajs' missing coordinator as a possible refusal of the group", () => {
    const error = new ConsumerStoppedError('audit-sink', kafkajsError('KafkaJSGroupCoordinatorNotFound', 'Failed to find group coordinator'));
    expect(error.message).toContain('may lack READ on the group');
  });

  it('makes the readiness check fail until someone acts', async () => {
    const stopped = new ConsumerStoppedError('routing', new Error('boom'));
    const check = new KafkaCheck({ admin: () => { throw new Error('the broker is not even asked'); } } as never, () => stopped);
    await expect(check.check()).rejects.toBe(stopped);
  });
});
