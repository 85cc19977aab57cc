import { createServer, type AddressInfo, type Server } from 'node:net';

/**
 * `count` distinct ports free on 127.0.0.1, chosen by the kernel. They are released before this
 * returns, so whoever binds them later can lose one to another process: be ready to choose again.
 * @example const [backend, auth] = await freeLoopbackPorts(2);
 */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  // All held open at once, so the kernel cannot hand out the same port twice.
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    await Promise.all(
      servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))),
    );
  }
}
