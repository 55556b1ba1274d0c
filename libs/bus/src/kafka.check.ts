import type { Kafka } from 'kafkajs';

/**
 * Readiness check for the broker: the cluster answers a metadata request in time. Shaped as
 * the health lib's DependencyCheck ({ name, check }).
 */
export class KafkaCheck {
  readonly name = 'kafka';

  constructor(private readonly kafka: Kafka) {}

  async check(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }
}
