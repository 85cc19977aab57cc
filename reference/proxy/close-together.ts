import type { Socket } from 'node:net';

/** How long a side may stay half-open after its peer closed before it is destroyed. */
const LINGER_MS = 2_000;

/**
 * Ties the lifetimes of two relayed sockets: when one closes the other is ended (its queued bytes,
 * such as a close frame, still go out), and an error on one destroys the other, as a reset would.
 */
export function closeTogether(a: Socket, b: Socket): void {
  follow(a, b);
  follow(b, a);
}

function follow(from: Socket, to: Socket): void {
  from.on('error', () => to.destroy());
  from.once('close', () => {
    if (to.destroyed) return;
    to.end();
    setTimeout(() => to.destroy(), LINGER_MS).unref();
  });
}
