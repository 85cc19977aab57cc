/**
 * One registry of secrets. Every token minted or obtained, every password and every
 * Authorization or token-carrying subprotocol value is registered here, and every log
 * line, error message, timeline and report passes through `redact` before it is shown.
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;

  /** Registers a secret (and the forms it travels in); values shorter than 6 chars are ignored. */
  register(secret: string | undefined | null): void {
    if (!secret || secret.length < 6) return;
    const before = this.#secrets.size;
    this.#secrets.add(secret);
    this.#secrets.add(Buffer.from(secret).toString('base64url'));
    this.#secrets.add(encodeURIComponent(secret));
    if (this.#secrets.size !== before) this.#pattern = undefined;
  }

  /** Replaces every registered secret, and anything shaped like a bearer value or JWT, with a marker. */
  redact(text: string): string {
    if (this.#secrets.size > 0) {
      this.#pattern ??= new RegExp(
        [...this.#secrets].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'),
        'g',
      );
      text = text.replace(this.#pattern, '[REDACTED]');
    }
    return text
      .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[REDACTED]')
      .replace(/\bjwt\.[A-Za-z0-9_-]{8,}/g, 'jwt.[REDACTED]')
      .replace(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '[REDACTED-JWT]');
  }

  get size(): number {
    return this.#secrets.size;
  }
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The process-wide redactor that the harness registers secrets with. */
export const redactor = new Redactor();
