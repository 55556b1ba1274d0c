export const BUS_OPTIONS = Symbol('BUS_OPTIONS');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
