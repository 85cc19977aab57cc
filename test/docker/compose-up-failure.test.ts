import { describe, expect, it } from 'vitest';
import { describeComposeUpFailure } from '../../framework/target/compose-up-failure.ts';

const o = { file: '/repo/docker-compose.yml', elapsedMs: 2_140, timeoutMs: 180_000 };

// Messages as testcontainers and `docker compose` gave them on a machine with an engine.
describe('describeComposeUpFailure', () => {
  it('a port compose could not publish: names the bind error, not a health timeout', () => {
    const error = new Error(
      [
        ' Container testcontainers-768c32a6a03a-reference-1  Creating',
        ' Container testcontainers-768c32a6a03a-reference-1  Starting',
        'Error response from daemon: driver failed programming external connectivity on endpoint testcontainers-768c32a6a03a-reference-1 (0d55): Error starting userland proxy: listen tcp4 127.0.0.1:18080: bind: address already in use',
      ].join('\n'),
    );
    expect(describeComposeUpFailure(error, o)).toBe(
      'docker target: /repo/docker-compose.yml: a published port is taken (after 2.1 s): Error response from daemon: driver failed programming external connectivity on endpoint testcontainers-768c32a6a03a-reference-1 (0d55): Error starting userland proxy: listen tcp4 127.0.0.1:18080: bind: address already in use; stop what holds it or change the port in the env file',
    );
  });

  it('a health check that never passed: the timeout, which was used up', () => {
    expect(
      describeComposeUpFailure(new Error('Health check not healthy after 180000ms'), { ...o, elapsedMs: 180_400 }),
    ).toBe(
      'docker target: /repo/docker-compose.yml did not come up healthy within 180 s: Health check not healthy after 180000ms',
    );
  });

  it('a service that reported unhealthy: said so, with the time it took', () => {
    expect(describeComposeUpFailure(new Error('Health check failed: unhealthy'), { ...o, elapsedMs: 65_000 })).toBe(
      "docker target: /repo/docker-compose.yml: a service's health check reported unhealthy (after 65.0 s); `docker compose -f /repo/docker-compose.yml up` shows its log",
    );
  });

  it("anything else: compose's own error line and how long up ran", () => {
    const error = new Error(
      ' Image golden-path-reference:local  Building\nfailed to solve: node:20-bookworm-slim: failed to resolve source metadata: no such host',
    );
    expect(describeComposeUpFailure(error, o)).toBe(
      'docker target: docker compose up of /repo/docker-compose.yml failed after 2.1 s: failed to solve: node:20-bookworm-slim: failed to resolve source metadata: no such host',
    );
  });
});
