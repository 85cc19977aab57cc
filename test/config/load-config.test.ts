import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../framework/config/load-config.ts';
import { ConfigError } from '../../framework/errors.ts';

function root(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gp-config-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'env'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'env', name), text);
  return dir;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads env/<E2E_ENV>.env and lets the process environment win', () => {
    const dir = root({ 'local.env': 'E2E_TARGET=local\nE2E_LOAD_USERS=7\nREF_STEP_MS=3\n' });
    const config = loadConfig({ E2E_LOAD_USERS: '9' }, dir);
    expect(config.env).toBe('local');
    expect(config.load.users).toBe(9);
    expect(config.reference).toEqual({ REF_STEP_MS: '3' });
    expect(config.envFile).toBe(join(dir, 'env/local.env'));
  });

  it('names E2E_ENV and the missing file when the env does not exist', () => {
    const dir = root({ 'local.env': '' });
    const error = configError(() => loadConfig({ E2E_ENV: 'nope' }, dir));
    expect(error.code).toBe('E2E_CONFIG_MISSING');
    expect(error.message).toMatch(/^E2E_ENV: no env file .*env\/nope\.env \(known: local\)$/);
  });

  it('names the variable, the value and the file for a bad value', () => {
    const dir = root({ 'local.env': 'E2E_LOAD_USERS=many\n' });
    const error = configError(() => loadConfig({}, dir));
    expect(error.variable).toBe('E2E_LOAD_USERS');
    expect(error.message).toContain('"many"');
    expect(error.message).toContain(join(dir, 'env/local.env'));
  });

  it('rejects an unknown E2E_ variable, a typo being the likely cause', () => {
    const dir = root({ 'local.env': 'E2E_LOAD_USER=5\n' });
    expect(configError(() => loadConfig({}, dir)).variable).toBe('E2E_LOAD_USER');
  });

  it('requires URLs for a remote target and validates their scheme', () => {
    const dir = root({ 'staging.env': 'E2E_TARGET=remote\nE2E_BACKEND_URL=https://api.example.com\n' });
    expect(configError(() => loadConfig({ E2E_ENV: 'staging' }, dir)).variable).toBe('E2E_WS_URL');
    const bad = configError(() => loadConfig({ E2E_ENV: 'staging', E2E_WS_URL: 'https://api.example.com/ws' }, dir));
    expect(bad.message).toMatch(/E2E_WS_URL: expected a ws: or wss: URL/);
  });

  it('over SSE a remote agent needs no WebSocket URL; its backend URL defaults to the origin of E2E_SSE_URL', () => {
    const dir = root({ 'agent.env': 'E2E_TARGET=remote\nE2E_TRANSPORT=sse\n' });
    expect(configError(() => loadConfig({ E2E_ENV: 'agent' }, dir)).message).toMatch(
      /E2E_BACKEND_URL: required when E2E_TARGET=remote \(or E2E_SSE_URL, with E2E_TRANSPORT=sse\)/,
    );
    const config = loadConfig({ E2E_ENV: 'agent', E2E_SSE_URL: 'https://agent.example.com/api/agent' }, dir);
    expect(config.backendUrl).toBe('https://agent.example.com');
    expect(config.wsUrl).toBeUndefined();
    const noEntry = configError(() =>
      loadConfig({ E2E_ENV: 'agent', E2E_BACKEND_URL: 'https://agent.example.com', E2E_AUTH_MODE: 'subprotocol' }, dir),
    );
    expect(noEntry.variable).toBe('E2E_AUTH_MODE');
    expect(noEntry.message).toMatch(/subprotocol cannot carry a token with E2E_TRANSPORT=sse/);
  });

  it('never echoes a secret it cannot parse', () => {
    const dir = root({ 'local.env': '' });
    const error = configError(() => loadConfig({ E2E_USERS: 'no-colon-s3cretpw' }, dir));
    expect(error.variable).toBe('E2E_USERS');
    expect(error.message).not.toContain('s3cretpw');
  });

  it('parses credentials and a shard', () => {
    const dir = root({ 'local.env': '' });
    const config = loadConfig({ E2E_USERS: 'a@x.io:pw-one-1,b@x.io:pw:two', E2E_SHARD: '2/4' }, dir);
    expect(config.users).toEqual([
      { email: 'a@x.io', password: 'pw-one-1' },
      { email: 'b@x.io', password: 'pw:two' },
    ]);
    expect(config.shard).toEqual({ index: 2, count: 4 });
    expect(configError(() => loadConfig({ E2E_SHARD: '5/4' }, dir)).variable).toBe('E2E_SHARD');
  });

  it('takes an empty value as unset, as CI templates write empty strings', () => {
    const dir = root({ 'local.env': 'E2E_TARGET=local\n' });
    const config = loadConfig({ E2E_ALLOWED_ORIGIN: '', E2E_EXPECT_VERSION: '', E2E_PREFLIGHT: '' }, dir);
    expect(config.allowedOrigin).toBe('https://app.example.com');
    expect(config.expectVersion).toBeUndefined();
    expect(config.preflight).toBe(true);
  });

  it('E2E_ALLOWED_ORIGIN must be an http(s) origin; E2E_ORIGIN_CHECK=off switches the Origin checks off', () => {
    const dir = root({ 'local.env': 'E2E_TARGET=local\n' });
    expect(configError(() => loadConfig({ E2E_ALLOWED_ORIGIN: 'app.example.com' }, dir)).variable).toBe(
      'E2E_ALLOWED_ORIGIN',
    );
    expect(loadConfig({ E2E_ORIGIN_CHECK: 'off' }, dir).originCheck).toBe(false);
    expect(loadConfig({}, dir).originCheck).toBe(true);
    expect(configError(() => loadConfig({ E2E_ORIGIN_CHECK: 'maybe' }, dir)).message).toMatch(
      /E2E_ORIGIN_CHECK: expected one of on, off/,
    );
  });
});
