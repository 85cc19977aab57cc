/**
 * One line for a failed `docker compose up`, by what actually happened: a published port taken,
 * a service whose health check failed or never passed, or compose's own error. `elapsedMs` is
 * how long `up` ran; only a wait that used up `timeoutMs` is called a timeout.
 */
export function describeComposeUpFailure(
  error: unknown,
  o: { file: string; elapsedMs: number; timeoutMs: number },
): string {
  const message = error instanceof Error ? error.message : String(error);
  const after = `after ${(o.elapsedMs / 1000).toFixed(1)} s`;
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // compose prints its progress ("Container … Creating") before the error: the last error line says it.
  const cause =
    [...lines].reverse().find((l) => /error|failed|denied|not found|no such/i.test(l)) ?? lines.at(-1) ?? message;
  if (portTaken(error)) {
    return `docker target: ${o.file}: a published port is taken (${after}): ${cause}; stop what holds it or change the port in the env file`;
  }
  if (/^Health check not healthy after/m.test(message)) {
    return `docker target: ${o.file} did not come up healthy within ${Math.round(o.timeoutMs / 1000)} s: ${cause}`;
  }
  if (/^Health check failed: unhealthy/m.test(message)) {
    return `docker target: ${o.file}: a service's health check reported unhealthy (${after}); \`docker compose -f ${o.file} up\` shows its log`;
  }
  return `docker target: docker compose up of ${o.file} failed ${after}: ${cause}`;
}

/** compose could not publish a port: something else listens there already. */
export function portTaken(error: unknown): boolean {
  return /address already in use|port is already allocated/i.test(
    error instanceof Error ? error.message : String(error),
  );
}
