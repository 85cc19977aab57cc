import type { IncomingMessage } from 'node:http';

export type TokenSource = 'header' | 'subprotocol' | 'query';

export type ExtractedToken =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly source: TokenSource; readonly token: string }
  | { readonly kind: 'malformed'; readonly source: TokenSource; readonly detail: string };

export interface TokenSourceOptions {
  readonly queryToken: boolean;
  /** Fault ignore_auth_header: behave as if the header were absent. */
  readonly ignoreAuthHeader: boolean;
  /** Fault case_sensitive_bearer: the scheme must be spelled "Bearer" (RFC 9110 §11.1 makes it case-insensitive). */
  readonly caseSensitiveScheme: boolean;
  /** Dialect raw_jwt_subprotocol: the entry is `jwt.<JWT>`, not `jwt.<base64url(JWT)>`. */
  readonly rawJwtSubprotocol: boolean;
}

const JWT_PROTOCOL_PREFIX = 'jwt.';
const BEARER = /^Bearer\s+(\S+)\s*$/i;
const BEARER_EXACT = /^Bearer\s+(\S+)\s*$/;

/**
 * Finds the token in order of preference: Authorization header, `jwt.<base64url>` (or raw) subprotocol,
 * then `?token=` when enabled. The first transport that carries something wins, so a bad token
 * is refused instead of silently falling back to another one.
 */
export function extractToken(req: IncomingMessage, options: TokenSourceOptions): ExtractedToken {
  const authorization = options.ignoreAuthHeader ? undefined : req.headers.authorization;
  if (authorization !== undefined) {
    const match = (options.caseSensitiveScheme ? BEARER_EXACT : BEARER).exec(authorization);
    return match?.[1]
      ? { kind: 'token', source: 'header', token: match[1] }
      : { kind: 'malformed', source: 'header', detail: 'malformed: Authorization must be "Bearer <jwt>"' };
  }
  const entry = offeredProtocols(req).find((protocol) => protocol.startsWith(JWT_PROTOCOL_PREFIX));
  if (entry !== undefined) {
    const value = entry.slice(JWT_PROTOCOL_PREFIX.length);
    return options.rawJwtSubprotocol ? rawSubprotocolToken(value) : encodedSubprotocolToken(value);
  }
  if (options.queryToken) {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    if (token !== null) {
      return token === ''
        ? { kind: 'malformed', source: 'query', detail: 'malformed: empty token parameter' }
        : { kind: 'token', source: 'query', token };
    }
  }
  return { kind: 'none' };
}

function encodedSubprotocolToken(encoded: string): ExtractedToken {
  const token = /^[A-Za-z0-9_-]+$/.test(encoded) ? Buffer.from(encoded, 'base64url').toString('utf8') : '';
  return token === ''
    ? { kind: 'malformed', source: 'subprotocol', detail: 'malformed: jwt.* subprotocol is not base64url' }
    : { kind: 'token', source: 'subprotocol', token };
}

// A compact JWT is three dot-separated parts; base64url has no dots, so an encoded entry lands
// here and is refused the way PyJWT refuses it (DecodeError), with a hint at the likely cause.
function rawSubprotocolToken(token: string): ExtractedToken {
  return token.split('.').length === 3
    ? { kind: 'token', source: 'subprotocol', token }
    : {
        kind: 'malformed',
        source: 'subprotocol',
        detail:
          'malformed: DecodeError: not a JWT of three segments (this server reads jwt.<JWT> raw, not base64url-encoded)',
      };
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}
