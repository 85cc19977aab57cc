/**
 * One registry of secrets. Every token minted or obtained, every password and every
 * Authorization or token-carrying subprotocol value is registered here, and every log
 * line, error message, timeline and report passes through `redact` before it is shown.
 */
export class Redactor {
  /**
   * Secrets by their first PREFIX characters, then by length (longest first). Tokens signed by one
   * key share a long prefix (the JWT header), so a bucket can hold every token of a load run: a
   * lookup checks one set per length instead of every secret.
   */
  readonly #byPrefix = new Map<string, Bucket>();
  #size = 0;

  /** Registers a secret (and the forms it travels in); values shorter than 6 chars are ignored. */
  register(secret: string | undefined | null): void {
    if (!secret || secret.length < PREFIX) return;
    // A secret registered already (a user's token, once per connection of a load run) is not encoded again.
    if (this.#byPrefix.get(secret.slice(0, PREFIX))?.byLength.get(secret.length)?.has(secret)) return;
    for (const form of [secret, Buffer.from(secret).toString('base64url'), encodeURIComponent(secret)]) this.#add(form);
  }

  /** Replaces every registered secret, and anything shaped like a bearer value or JWT, with a marker. */
  redact(text: string): string {
    if (this.#size > 0) text = this.#replaceSecrets(text);
    return text
      .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[REDACTED]')
      .replace(/\bjwt\.[A-Za-z0-9_-]{8,}/g, 'jwt.[REDACTED]')
      .replace(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '[REDACTED-JWT]');
  }

  get size(): number {
    return this.#size;
  }

  #add(form: string): void {
    const key = form.slice(0, PREFIX);
    let bucket = this.#byPrefix.get(key);
    if (!bucket) this.#byPrefix.set(key, (bucket = { lengths: [], byLength: new Map() }));
    let same = bucket.byLength.get(form.length);
    if (!same) {
      bucket.byLength.set(form.length, (same = new Set()));
      bucket.lengths.push(form.length);
      bucket.lengths.sort((a, b) => b - a);
    }
    if (same.has(form)) return;
    same.add(form);
    this.#size += 1;
  }

  // One pass over the text with a prefix lookup at each position: registering stays O(1) and a
  // redaction costs the same with twenty secrets or twenty thousand (one big alternation regex did not).
  #replaceSecrets(text: string): string {
    let out = '';
    let last = 0;
    for (let i = 0; i <= text.length - PREFIX;) {
      const bucket = this.#byPrefix.get(text.slice(i, i + PREFIX));
      const hit = bucket?.lengths.find((length) => bucket.byLength.get(length)!.has(text.slice(i, i + length)));
      if (hit) {
        out += `${text.slice(last, i)}[REDACTED]`;
        i += hit;
        last = i;
      } else i += 1;
    }
    return last === 0 ? text : out + text.slice(last);
  }
}

const PREFIX = 6;

interface Bucket {
  /** The lengths of the secrets in `byLength`, longest first: the longest match wins. */
  lengths: number[];
  byLength: Map<number, Set<string>>;
}

/** The process-wide redactor that the harness registers secrets with. */
export const redactor = new Redactor();
