import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { BusLogger, BusOptions } from './bus-options';
import { kafkajsSasl } from './kafka-sasl';

/** kafkajs logs through our logger, so its lines get the same JSON shape and redaction. */
function logCreator(logger: BusLogger) {
  return () =>
    ({ level, log }: LogEntry): void => {
      const { message, ...extra } = log;
      const entry = { component: 'kafkajs', ...extra };
      if (level === logLevel.ERROR) logger.error(entry, message);
      else if (level === logLevel.WARN) logger.warn(entry, message);
      else logger.debug(entry, message);
    };
}

export function createKafka(options: BusOptions): Kafka {
  return new Kafka({
    clientId: options.serviceName,
    brokers: [...options.brokers],
    ...(options.sasl ? { sasl: kafkajsSasl(options.sasl) } : {}),
    logLevel: logLevel.WARN,
    logCreator: logCreator(options.logger),
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
