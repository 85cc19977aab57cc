import type { ChatConnection } from './chat-connection.ts';

/** Open connections, by id and counted per user, for capacity checks, broadcast and shutdown. */
export class ConnectionRegistry {
  private readonly connections = new Map<string, ChatConnection>();
  private readonly perUser = new Map<string, number>();

  add(connection: ChatConnection): void {
    this.connections.set(connection.id, connection);
    this.perUser.set(connection.userId, this.countFor(connection.userId) + 1);
  }

  remove(connection: ChatConnection): void {
    if (!this.connections.delete(connection.id)) return;
    const left = this.countFor(connection.userId) - 1;
    if (left > 0) this.perUser.set(connection.userId, left);
    else this.perUser.delete(connection.userId);
  }

  countFor(userId: string): number {
    return this.perUser.get(userId) ?? 0;
  }

  get size(): number {
    return this.connections.size;
  }

  all(): ChatConnection[] {
    return [...this.connections.values()];
  }
}
