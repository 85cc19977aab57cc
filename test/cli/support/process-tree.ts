import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One process as /proc shows it. */
interface ProcEntry {
  pid: number;
  ppid: number;
  state: string;
}

/** Every process in /proc; one that vanishes while it is read is left out. */
function processes(): ProcEntry[] {
  const out: ProcEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readStat(Number(name));
    if (entry) out.push(entry);
  }
  return out;
}

function readStat(pid: number): ProcEntry | undefined {
  try {
    // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split after the last `)`.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(ppid), state: state! };
  } catch {
    return undefined;
  }
}

/** `root` and every process below it, now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of processes()) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Whether `pid` is running: a zombie has ended, it only waits for its parent to read its status. */
export function running(pid: number): boolean {
  const entry = readStat(pid);
  return entry !== undefined && entry.state !== 'Z';
}

/** The command line of `pid`, for failure messages; '' once it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Processes whose environment holds `NAME=value`: they inherited it from the process the test started. */
export function processesWithEnv(name: string, value: string): number[] {
  const wanted = `${name}=${value}`;
  return processes()
    .filter((p) => p.state !== 'Z')
    .map((p) => p.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(wanted);
      } catch {
        return false;
      }
    });
}

/** The TCP ports the sockets of `pids` listen on (IPv4 and IPv6). */
export function listeningPorts(pids: readonly number[]): number[] {
  const inodes = socketInodes(pids);
  return sockets(LISTEN)
    .filter((s) => inodes.has(s.inode))
    .map((s) => s.port);
}

/** Whether some socket of `pids` is a connected TCP stream: the process talks to a server. */
export function hasConnection(pids: readonly number[]): boolean {
  const inodes = socketInodes(pids);
  return sockets(ESTABLISHED).some((s) => inodes.has(s.inode));
}

/** The ports of `ports` that some socket on this machine still listens on. */
export function stillListening(ports: readonly number[]): number[] {
  const open = new Set(sockets(LISTEN).map((s) => s.port));
  return ports.filter((p) => open.has(p));
}

const ESTABLISHED = '01';
const LISTEN = '0A';

function socketInodes(pids: readonly number[]): Set<string> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // The descriptor closed while it was read.
      }
    }
  }
  return inodes;
}

/** TCP sockets in `state` from /proc/net/tcp and tcp6 (`sl local_address rem_address st … inode`), with their local port. */
function sockets(state: string): { port: number; inode: string }[] {
  const rows = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8').trim().split('\n').slice(1),
  );
  return rows
    .map((row) => row.trim().split(/\s+/))
    .filter((cols) => cols[3] === state)
    .map((cols) => ({ port: parseInt(cols[1]!.split(':')[1]!, 16), inode: cols[9]! }));
}
