// An agent that cannot be asked to run long (REF_DIALECT=short_runs). Leaving prompts.long out tells
// the harness so; the checks that need a long run (streaming keepalive, send-after-close) say n.a.
import { agentChatContract, type Contract } from 'golden-path/contract';

export const contract: Contract = {
  ...agentChatContract,
  prompts: { simple: agentChatContract.prompts.simple, twoTools: agentChatContract.prompts.twoTools },
};
