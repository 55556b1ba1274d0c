import type { Kafka } from 'kafkajs';

/**
 * Readiness check for the broker: the cluster answers a metadata request in time, and none of
 * the service's consumers has stopped for good (a refused ACL, say). Shaped as the health lib's
 * DependencyCheck ({ name, check }).
 */
export class KafkaCheck {
  readonly name = 'kafka';

  constructor(
    private readonly kafka: Kafka,
    private readonly consumerFailure: () => Error | undefined = () => undefined,
  ) {}

  async check(): Promise<void> {
    const failure = this.consumerFailure();
    if (failure) throw failure;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }
}
