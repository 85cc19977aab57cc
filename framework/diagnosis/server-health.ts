import { fetchHealth } from '../target/fetch-health.ts';

/** `/health` right now: ok, or why not (refused, HTTP status, a status other than ok). Never throws. */
export async function checkServerHealth(
  backendUrl: string,
  timeoutMs: number,
): Promise<{ ok: boolean; detail: string }> {
  try {
    const body = await fetchHealth(backendUrl, '/health', timeoutMs);
    return { ok: body.status === 'ok', detail: `/health status ${JSON.stringify(body.status)}` };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}
