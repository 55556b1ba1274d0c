export { startHubSimulator, type HubSimulator } from './hub-simulator';
export type { HubSimulatorOptions } from './hub-options';
export type { HubStats } from './hub-stats';
export type { AgentMessage, AgentMessageState } from './delivery/agent-message.store';
export type { WebhookRetryPolicy } from './delivery/rbm-webhook.dispatcher';
export { DEFAULT_FEATURES, featuresOf, type NumberProfile, type PrefixProfile, type ScriptedFailure } from './profiles/number-profile';
export { WaitTimeoutError } from '@switchback/simulator-support';
export type { SimLogEvent, SimLogger } from '@switchback/simulator-support';
