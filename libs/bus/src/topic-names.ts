import { ConsumerGroups, Topics, type ConsumerGroupName, type TopicKey } from '@switchback/contracts';

/**
 * Broker-side names. Retry and dead-letter topics belong to one consumer group, so a retry
 * re-runs only that group's handler, never the other services' that read the same event.
 */
export class TopicNames {
  constructor(private readonly prefix: string) {}

  event(key: TopicKey): string {
    return `${this.prefix}${Topics[key].name}`;
  }

  retry(group: string, tier: number): string {
    return `${this.prefix}sb.retry.${group}.${tier}`;
  }

  deadLetter(group: string): string {
    return `${this.prefix}sb.dlq.${group}`;
  }

  consumerGroup(group: string): string {
    return `${this.prefix}${group}`;
  }

  retryConsumerGroup(group: string, tier: number): string {
    return `${this.prefix}${group}.retry-${tier}`;
  }

  /** The key of the event topic with this broker-side name, if it is one. */
  keyOf(topicName: string): TopicKey | undefined {
    return (Object.keys(Topics) as TopicKey[]).find((key) => this.event(key) === topicName);
  }

  /**
   * True for a topic or group name of this prefix's platform (an `sb.` topic or a declared
   * group and its retry groups), false for another prefix's: `''` does not own `test-1.sb.x`.
   */
  owns(name: string): boolean {
    if (!name.startsWith(this.prefix)) return false;
    const rest = name.slice(this.prefix.length);
    return rest.startsWith('sb.') || TopicNames.declaredGroups().some((group) => rest === group || rest.startsWith(`${group}.retry-`));
  }

  /** Every group declared in the contracts, for provisioning. */
  static declaredGroups(): ConsumerGroupName[] {
    return Object.keys(ConsumerGroups) as ConsumerGroupName[];
  }
}
