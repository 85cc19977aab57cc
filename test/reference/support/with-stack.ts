import { startReferenceStack, type ReferenceStack } from '../../../reference/index.ts';
import { login } from './reference-http.ts';

export interface StackContext {
  readonly stack: ReferenceStack;
  readonly alice: string;
}

/** Starts a quiet stack with these REF_* values, logs alice in, and always closes it. */
export async function withStack<T>(
  env: Record<string, string>,
  body: (context: StackContext) => Promise<T>,
): Promise<T> {
  const stack = await startReferenceStack({ env: { REF_STEP_MS: '1', ...env }, log: false });
  try {
    return await body({ stack, alice: await login(stack.authUrl) });
  } finally {
    await stack.close();
  }
}
