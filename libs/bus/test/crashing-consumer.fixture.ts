// Run as a child process by the crash test: consumes with the given prefix and group, and on
// its first message dies with SIGKILL inside the handler, before any offset is committed.
import { testEnv } from '@switchback/testing';
import { silentBusLogger } from '../src/bus-options';
import { EventConsumer } from '../src/event-consumer';
import { registerHandler } from '../src/event-handler';
import { EventPublisher } from '../src/event-publisher';
import { createKafka } from '../src/kafka-factory';
import { TopicNames } from '../src/topic-names';

const [brokers = '127.0.0.1:9092', topicPrefix = ''] = process.argv.slice(2);
const options = { serviceName: 'bus-test', brokers: brokers.split(','), sasl: testEnv.kafkaSasl, topicPrefix, retryDelaysMs: [400, 800], partitionsConcurrently: 3, logger: silentBusLogger, sessionTimeoutMs: 6_000 };
const kafka = createKafka(options);
const names = new TopicNames(topicPrefix);
const publisher = new EventPublisher(kafka, names);
const consumer = new EventConsumer(kafka, publisher, names, options, [
  registerHandler('sendRequested', async (event) => {
    process.stdout.write(`handling ${event.messageId}\n`);
    process.kill(process.pid, 'SIGKILL');
  }),
]);
void publisher.connect().then(() => consumer.start()).then(() => process.stdout.write('ready\n'));
