/**
 * A consumer that kafkajs will not restart (a refusal by the broker, an unrecoverable error):
 * the service stays up but reads nothing, so readiness reports it until someone acts.
 */
export class ConsumerStoppedError extends Error {
  constructor(
    readonly groupId: string,
    cause: Error,
  ) {
    super(`consumer group ${groupId} stopped: ${explain(cause)}`, { cause });
    this.name = 'ConsumerStoppedError';
  }
}

function explain(error: Error): string {
  if (/authoriz/i.test(error.message)) return `${error.message} (the service's principal lacks an ACL; tools/topics grants them from the topic registry)`;
  // kafkajs reports a refused FindCoordinator (GROUP_AUTHORIZATION_FAILED) as a missing coordinator.
  if (error.name === 'KafkaJSGroupCoordinatorNotFound') return `${error.message}: the principal may lack READ on the group (ACLs from tools/topics), or the broker has no coordinator yet`;
  return error.message;
}
