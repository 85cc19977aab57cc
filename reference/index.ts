// The reference stack's public API, for tests and harnesses that run it in-process.
export { startReferenceStack, type ReferenceStack, type ReferenceStackOptions } from './stack/start-reference-stack.ts';
export { parseReferenceConfig } from './config/parse-reference-config.ts';
export { ReferenceConfigError } from './config/config-error.ts';
export type { ReferenceConfig } from './config/reference-config.ts';
export { FAULT_REGISTRY, FAULT_NAMES, type FaultName, type ActiveFaults } from './faults/fault-registry.ts';
export { DIALECT_REGISTRY, DIALECT_NAMES, type DialectName, type ActiveDialects } from './dialects/dialect-registry.ts';
export type * from './contract/agent-chat-types.ts';
export { RUN_EVENT_TYPES } from './contract/agent-chat-types.ts';
