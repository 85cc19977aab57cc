import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../framework/auth/login.ts';
import { E2eError } from '../../framework/errors.ts';
import { startReferenceStack, type ReferenceStack } from '../../reference/index.ts';

describe('login through the auth service', () => {
  let stack: ReferenceStack;
  beforeAll(async () => {
    stack = await startReferenceStack({ env: { REF_USERS: 'dana@example.com:dana-secret-pw' }, log: false });
  });
  afterAll(() => stack.close());

  it('returns a token the auth service issued', async () => {
    const { token, expiresIn } = await login(stack.authUrl, { email: 'dana@example.com', password: 'dana-secret-pw' });
    expect(token.split('.')).toHaveLength(3);
    expect(expiresIn).toBeGreaterThan(0);
  });

  it('a wrong password is E2E_LOGIN_FAILED with the status, never the password', async () => {
    const error = await login(stack.authUrl, { email: 'dana@example.com', password: 'wrong-password-123' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(E2eError);
    expect((error as E2eError).code).toBe('E2E_LOGIN_FAILED');
    expect((error as E2eError).message).toMatch(/answered HTTP 401 for dana@example.com/);
    expect((error as E2eError).message).not.toContain('wrong-password-123');
  });

  it('an auth service that is not there is E2E_AUTH_UNREACHABLE', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const error = await login(`http://127.0.0.1:${port}`, { email: 'x@example.com', password: 'whatever-pw' }).catch(
      (e: unknown) => e,
    );
    expect((error as E2eError).code).toBe('E2E_AUTH_UNREACHABLE');
    expect((error as E2eError).message).toMatch(/unreachable \(ECONNREFUSED\)/);
  });
});
