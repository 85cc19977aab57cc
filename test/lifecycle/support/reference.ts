import { login } from '../../../framework/auth/login.ts';
import { ChatClient } from '../../../framework/client/chat-client.ts';
import { agentChatContract as contract } from '../../../framework/contract/agent-chat.ts';
import { startReferenceStack, type ReferenceStack } from '../../../reference/index.ts';

export interface ReferenceContext {
  stack: ReferenceStack;
  /** Opens a client for the user (alice, bob, carol by default credentials). */
  dial(user?: 'alice' | 'bob'): Promise<ChatClient>;
  clients: ChatClient[];
}

/** Runs `body` against a quiet in-process reference stack, closing every client and the stack after. */
export async function withReference<T>(
  env: Record<string, string>,
  body: (c: ReferenceContext) => Promise<T>,
): Promise<T> {
  const stack = await startReferenceStack({ env: { REF_STEP_MS: '1', ...env }, log: false });
  const clients: ChatClient[] = [];
  const tokens = new Map<string, string>();
  const dial = async (user: 'alice' | 'bob' = 'alice') => {
    if (!tokens.has(user))
      tokens.set(
        user,
        (await login(stack.authUrl, { email: `${user}@example.com`, password: `${user}-password` })).token,
      );
    const client = await ChatClient.connect({
      url: stack.wsUrl,
      contract,
      token: tokens.get(user)!,
      label: `${user}#${clients.length + 1}`,
      eventTimeoutMs: 2000,
    });
    clients.push(client);
    return client;
  };
  try {
    return await body({ stack, dial, clients });
  } finally {
    for (const c of clients) if (!c.closeInfo) c.terminate();
    await stack.close();
  }
}
