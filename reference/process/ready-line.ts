/** The one line a parent process waits for on stdout; everything it needs to connect. */
const READY_PREFIX = 'GOLDEN_PATH_REFERENCE_READY';

export interface ReadyInfo {
  readonly authUrl: string;
  readonly backendUrl: string;
  readonly wsUrl: string;
  readonly pid: number;
  /** The admin endpoint's origin (REF_ADMIN_SECRET set); its paths start with the secret. */
  readonly adminUrl?: string | undefined;
}

export function formatReadyLine(info: ReadyInfo): string {
  const { authUrl, backendUrl, wsUrl, pid, adminUrl } = info;
  return readyLine(READY_PREFIX, { authUrl, backendUrl, wsUrl, pid, ...(adminUrl ? { adminUrl } : {}) });
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
    ...(info.adminUrl ? [`  admin:        ${info.adminUrl}/<REF_ADMIN_SECRET>/faults  (GET, PUT; test only)`] : []),
  ].join('\n');
}
