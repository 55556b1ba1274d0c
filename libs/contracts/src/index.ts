export * from './topic-registry';
export * from './generated/switchback/events/v1/common_pb';
export * from './generated/switchback/events/v1/send_pb';
export * from './generated/switchback/events/v1/capability_pb';
export * from './generated/switchback/events/v1/dispatch_pb';
export * from './generated/switchback/events/v1/decision_pb';
export * from './generated/switchback/events/v1/delivery_pb';
export * from './generated/switchback/events/v1/policy_pb';
export { create, toBinary, fromBinary } from '@bufbuild/protobuf';
