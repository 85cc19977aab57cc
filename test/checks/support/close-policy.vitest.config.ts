import { defineConfig } from 'vitest/config';

// Only for test/checks/close-policy.test.ts: runs the policy fixture file on its own.
export default defineConfig({
  test: { include: ['test/checks/support/close-policy.fixture.ts'], testTimeout: 10_000, reporters: ['json'] },
});
