import type { ChatClient } from '../client/chat-client.ts';
import { HandshakeError, type ClientError } from '../client/errors.ts';
import type { DoctorContext } from './doctor-context.ts';
import { mismatch, notApplicable, ok, type Finding } from './finding.ts';

const SUBJECT = 'Origin';
/** An Origin no allowlist should contain. */
const EVIL_ORIGIN = 'https://evil.example';

/**
 * Whether the target checks Origin, as a browser-facing WebSocket must (cross-site WebSocket
 * hijacking): E2E_ALLOWED_ORIGIN gets the ready event, https://evil.example gets HTTP 403.
 */
export async function probeOrigin({ connect, config }: DoctorContext): Promise<Finding> {
  if (!config.originCheck)
    return notApplicable(
      SUBJECT,
      'not checked (E2E_ORIGIN_CHECK=off): the report will warn that cross-site WebSocket hijacking was not checked',
    );
  const allowedOrigin = new URL(config.allowedOrigin).origin;
  const clients: ChatClient[] = [];
  const attempt = async (origin: string, label: string) => {
    const result = await connect.attempt({ origin, label });
    clients.push(result.client);
    return result.error;
  };
  try {
    const allowedError = await attempt(allowedOrigin, 'doctor-origin-allowed');
    if (allowedError) {
      return mismatch(
        SUBJECT,
        `the allowed Origin ${allowedOrigin} (E2E_ALLOWED_ORIGIN) was ${refusal(allowedError)}`,
        'set E2E_ALLOWED_ORIGIN to an Origin the target allows',
      );
    }
    const evilError = await attempt(EVIL_ORIGIN, 'doctor-origin-evil');
    if (!evilError) {
      return mismatch(
        SUBJECT,
        `${EVIL_ORIGIN} was accepted: the target accepts any Origin`,
        'if it has no allowlist by design set E2E_ORIGIN_CHECK=off (the report will warn), else fix it',
      );
    }
    const status = statusOf(evilError);
    if (status !== 403) {
      return mismatch(
        SUBJECT,
        `${EVIL_ORIGIN} was ${refusal(evilError)}, not HTTP 403`,
        'an Origin outside the allowlist must be refused with HTTP 403 before the upgrade (this is not a setting)',
      );
    }
    return ok(SUBJECT, `${allowedOrigin} accepted, ${EVIL_ORIGIN} refused with HTTP 403`);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

function statusOf(error: ClientError): number | undefined {
  return error instanceof HandshakeError ? error.status : undefined;
}

function refusal(error: ClientError): string {
  const status = statusOf(error);
  return status !== undefined ? `refused with HTTP ${status}` : `not let in: ${error.message}`;
}
