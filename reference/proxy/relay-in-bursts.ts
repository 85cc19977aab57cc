import type { Socket } from 'node:net';

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * A buffering proxy (nginx `proxy_buffering`, a CDN, a corporate middlebox): the upstream's answer
 * head (the 101) passes at once, then its bytes are held and written in one burst `ms` after the
 * first held byte. Bytes are never parsed as frames; a burst may end mid-frame.
 */
export function relayInBursts(source: Socket, target: Socket, ms: number): void {
  let inHead = true;
  let tail = Buffer.alloc(0);
  let held: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (held.length === 0 || target.destroyed) return;
    const burst = Buffer.concat(held);
    held = [];
    if (!target.write(burst)) {
      source.pause();
      target.once('drain', () => source.resume());
    }
  };
  source.on('data', (chunk: Buffer) => {
    if (inHead) {
      // The head's end may straddle two chunks: keep the last three bytes to look across.
      const seen = Buffer.concat([tail, chunk]);
      const end = seen.indexOf(HEAD_END);
      if (end < 0) {
        tail = seen.subarray(-3);
        return void target.write(chunk);
      }
      inHead = false;
      const headBytes = end + HEAD_END.length - tail.length;
      target.write(chunk.subarray(0, headBytes));
      chunk = chunk.subarray(headBytes);
      if (chunk.length === 0) return;
    }
    held.push(chunk);
    timer ??= setTimeout(flush, ms);
  });
  // The upstream finished: what is held goes out now, then the end.
  source.once('end', () => {
    flush();
    target.end();
  });
  source.once('close', () => clearTimeout(timer));
}
