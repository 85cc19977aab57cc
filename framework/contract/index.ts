/**
 * What a contract module imports: `import { agentChatContract, type Contract } from 'golden-path/contract'`.
 * A contract maps a backend's message shapes and event names onto the harness's; the suites do not change.
 */
export { agUiContract } from './ag-ui.ts';
export { agentChatContract } from './agent-chat.ts';
export {
  CRITICAL_EVENTS,
  hasErrorCode,
  isErrorEvent,
  type Contract,
  type ContractPrompts,
  type ContractViolation,
  type CriticalEventType,
  type ResumeInput,
  type ServerEvent,
  type UserMessageInput,
} from './types.ts';
