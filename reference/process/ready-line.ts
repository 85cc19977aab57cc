/** The one line a parent process waits for on stdout; everything it needs to connect. */
const READY_PREFIX = 'GOLDEN_PATH_REFERENCE_READY';

export interface ReadyInfo {
  readonly authUrl: string;
  readonly backendUrl: string;
  readonly wsUrl: string;
  readonly pid: number;
}

export function formatReadyLine(info: ReadyInfo): string {
  const { authUrl, backendUrl, wsUrl, pid } = info;
  return readyLine(READY_PREFIX, { authUrl, backendUrl, wsUrl, pid });
}

/** `<prefix> {json}`: one line a parent process can find on stdout and parse. */
export function readyLine(prefix: string, fields: Record<string, string | number>): string {
  return `${prefix} ${JSON.stringify(fields)}`;
}

export function formatBanner(info: ReadyInfo, workers: number): string {
  return [
    `golden-path reference stack (pid ${info.pid}${workers > 1 ? `, ${workers} backend workers` : ''})`,
    `  auth service: ${info.authUrl}  (POST /auth/login, GET /.well-known/jwks.json)`,
    `  chat backend: ${info.backendUrl}  (GET /health, GET /health/websocket)`,
    `  websocket:    ${info.wsUrl}`,
  ].join('\n');
}
