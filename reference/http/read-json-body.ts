import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  readonly code: 'BODY_TOO_LARGE' | 'BODY_NOT_JSON';
  constructor(code: BodyError['code'], message: string) {
    super(message);
    this.name = 'BodyError';
    this.code = code;
  }
}

/** Reads and parses a JSON request body, refusing bodies over `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit = 16_384): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyError('BODY_TOO_LARGE', `body over ${limit} bytes`);
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError('BODY_NOT_JSON', 'body is not valid JSON');
  }
}
