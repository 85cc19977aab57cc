/** A parsed HTTP/1.1 response head, with the header lines kept as sent (to count repeats). */
export interface ResponseHead {
  status: number;
  statusLine: string;
  /** Lower-cased name → every value, in order. */
  headers: Map<string, string[]>;
  /** Header lines exactly as received. */
  lines: string[];
}

const END = Buffer.from('\r\n\r\n');

/** Finds the end of the head in `data`; returns the head and the bytes after it, or undefined if incomplete. */
export function splitHead(data: Buffer): { head: ResponseHead; rest: Buffer } | undefined {
  const at = data.indexOf(END);
  if (at === -1) return undefined;
  return { head: parseHead(data.subarray(0, at).toString('latin1')), rest: data.subarray(at + END.length) };
}

function parseHead(text: string): ResponseHead {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine);
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { status: match ? Number(match[1]) : 0, statusLine, headers, lines };
}

/** Every value of a header, comma-separated lists split (`Sec-WebSocket-Protocol: a, b` → [a, b]). */
export function headerList(head: ResponseHead, name: string): string[] {
  return (head.headers.get(name.toLowerCase()) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
