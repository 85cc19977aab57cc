import { describe, expect, it } from 'vitest';
import { parseReferenceConfig, ReferenceConfigError } from '../../reference/index.ts';

function problem(env: Record<string, string>): string {
  try {
    parseReferenceConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ReferenceConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ReferenceConfigError');
}

describe('parseReferenceConfig', () => {
  it('has the documented defaults', () => {
    const config = parseReferenceConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      authPort: 0,
      issuer: 'golden-path-reference-auth',
      audience: 'golden-path-chat',
      pingIntervalMs: 15_000,
      idleLimitMs: 30_000,
      maxPayloadBytes: 65_536,
      testMode: false,
      faults: {},
    });
    expect(config.users.map((u) => u.sub)).toEqual(['user_alice', 'user_bob', 'user_carol']);
  });

  it('parses faults with their arguments', () => {
    const { faults } = parseReferenceConfig({
      REF_FAULTS:
        'drop_event:tool_completed, drop_event:agent_thinking,slow_handshake:250,close_1011_rate:0.25,no_pong',
    });
    expect([...(faults.drop_event ?? [])]).toEqual(['tool_completed', 'agent_thinking']);
    expect(faults).toMatchObject({ slow_handshake: 250, close_1011_rate: 0.25, no_pong: true });
  });

  it('names the variable and the value when something is wrong', () => {
    expect(problem({ REF_FAULTS: 'foo' })).toMatch(
      /^REF_FAULTS: unknown fault "foo" \(known: drop_event, .*report_version\)$/,
    );
    expect(problem({ REF_FAULTS: 'drop_event' })).toMatch(
      /^REF_FAULTS: fault "drop_event" needs an event type .*got no argument$/,
    );
    expect(problem({ REF_FAULTS: 'close_1011_rate:2' })).toMatch(
      /^REF_FAULTS: fault "close_1011_rate" needs a number in \(0, 1\], got "2"$/,
    );
    expect(problem({ REF_FAULTS: 'no_pong:yes' })).toContain('needs no argument');
    expect(problem({ REF_BACKEND_PORT: '70000' })).toBe(
      'REF_BACKEND_PORT: expected a whole number from 0 to 65535, got "70000"',
    );
    expect(problem({ REF_TEST_MODE: 'maybe' })).toBe('REF_TEST_MODE: expected 0 or 1, got "maybe"');
  });

  it('never echoes secrets in its messages', () => {
    const users = problem({ REF_USERS: 'alice@example.com:hunter2,broken-entry' });
    expect(users).toBe('REF_USERS: entry 2 must be email:password (e.g. alice@example.com:secret)');
    expect(users).not.toContain('hunter2');
    const key = problem({ REF_SIGNING_KEY: '{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"SECRET"}' });
    expect(key).toMatch(/^REF_SIGNING_KEY: /);
    expect(key).not.toContain('SECRET');
  });
});
