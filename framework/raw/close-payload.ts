/** The body of a close frame: a 2-byte status code and a UTF-8 reason (RFC 6455 §5.5.1). */
export interface ClosePayload {
  /** Undefined when the frame carried no code (peers report that as 1005). */
  code: number | undefined;
  reason: string;
}

/** Encodes a close payload; `code` undefined gives an empty body. Any code may be written, valid or not. */
export function encodeClose(code?: number, reason = ''): Buffer {
  if (code === undefined) return Buffer.alloc(0);
  const body = Buffer.alloc(2);
  body.writeUInt16BE(code & 0xffff, 0);
  return Buffer.concat([body, Buffer.from(reason, 'utf8')]);
}

/** Decodes a close payload as received; a 1-byte body yields code undefined and the raw byte noted. */
export function decodeClose(payload: Buffer): ClosePayload {
  if (payload.length < 2)
    return { code: undefined, reason: payload.length === 1 ? `(1-byte body 0x${payload[0]!.toString(16)})` : '' };
  return { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') };
}

/** Codes an endpoint may put in a close frame (RFC 6455 §7.4, IANA registry; 3000–4999 for apps). */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}
