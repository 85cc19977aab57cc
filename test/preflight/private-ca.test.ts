import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../framework/config/load-config.ts';
import { startLocalStack, type LocalStack } from '../../framework/target/local-stack.ts';
import { runCli } from '../cli/support/run-cli.ts';

// README, "Point it at your own stack or at staging": a target behind a private CA needs only NODE_EXTRA_CA_CERTS.
const dir = mkdtempSync(join(tmpdir(), 'gp-private-ca-'));
const pem = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });

let stack: LocalStack;
const fronts: Server[] = [];

/** TLS in front of a plain loopback URL (the way a load balancer terminates it); returns the https URL. */
async function tlsFront(url: string): Promise<string> {
  const upstream = Number(new URL(url).port);
  const server = createServer(
    { key: readFileSync(pem('server.key')), cert: readFileSync(pem('server.pem')) },
    (socket) => {
      const up = connect(upstream, '127.0.0.1');
      socket.pipe(up).pipe(socket);
      up.on('error', () => socket.destroy());
      socket.on('error', () => up.destroy());
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fronts.push(server);
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=golden-path test CA',
    '-keyout',
    pem('ca.key'),
    '-out',
    pem('ca.pem'),
  );
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    pem('server.key'),
    '-out',
    pem('server.csr'),
  );
  writeFileSync(pem('ext'), 'subjectAltName=DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    pem('server.csr'),
    '-CA',
    pem('ca.pem'),
    '-CAkey',
    pem('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    pem('ext'),
    '-out',
    pem('server.pem'),
  );
  stack = await startLocalStack({
    root: PROJECT_ROOT,
    env: { REF_USERS: 'qa@example.com:private-ca-pw' },
    logFile: pem('reference.log'),
  });
  const [authUrl, backendUrl] = [await tlsFront(stack.authUrl), await tlsFront(stack.backendUrl)];
  writeFileSync(
    pem('private-ca.env'),
    [
      'E2E_TARGET=remote',
      `E2E_AUTH_URL=${authUrl}`,
      `E2E_BACKEND_URL=${backendUrl}`,
      `E2E_WS_URL=${backendUrl.replace('https', 'wss')}/ws`,
      '',
    ].join('\n'),
  );
}, 60_000);

afterAll(async () => {
  for (const f of fronts) f.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (env: Record<string, string>) =>
  runCli(
    ['run', '--env-file', pem('private-ca.env'), '--suite', 'golden-path', '--report', join(dir, 'reports')],
    { E2E_USERS: 'qa@example.com:private-ca-pw', ...env },
    120_000,
  );

describe('a target behind a private CA', () => {
  it('without the CA: the preflight stops at TLS and names NODE_EXTRA_CA_CERTS', async () => {
    const r = await run({});
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /golden-path: preflight failed: TLS error: localhost:\d+: UNABLE_TO_VERIFY_LEAF_SIGNATURE .*NODE_EXTRA_CA_CERTS=\/path\/ca\.pem/,
    );
  }, 130_000);

  it('with NODE_EXTRA_CA_CERTS: preflight, logins and every WebSocket over wss pass', async () => {
    const r = await run({ NODE_EXTRA_CA_CERTS: pem('ca.pem') });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ tls +localhost:\d+/);
    expect(r.stdout).toMatch(/✓ golden-path +4 passed/);
  }, 130_000);
});
