import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** Both processes read the same clock. */
export const clock = () => performance.timeOrigin + performance.now();

export type ToClients =
  | { urls: string[]; tokens: string[]; sockets: number; changes: number; productId?: number }
  | { commits: number[]; sent?: number[] };
export type Latencies = { count: number; missing: number; p50: number; p90: number; p99: number; max: number };
export type FromClients =
  { ready: true; connectMs: number } | { failed: string } | { received: true } | { latencies: Latencies };

/**
 * N Socket.IO clients in a child process (bench/lib/socket-clients.child.ts), each receiving
 * `stock.changed`; the latency of change i is its arrival at each socket minus `commits[i]`.
 */
export class SocketClients {
  private messages: FromClients[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: FromClients) => {
      this.messages.push(m);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Connects `sockets` sockets, spread over `urls` and `tokens`; resolves once all are connected. */
  static async connect(
    setup: Extract<ToClients, { urls: string[] }>,
  ): Promise<{ clients: SocketClients; connectMs: number }> {
    const child = fork(fileURLToPath(new URL('./socket-clients.child.ts', import.meta.url)), [], { stdio: 'inherit' });
    const clients = new SocketClients(child);
    child.send(setup satisfies ToClients);
    const ready = await clients.next(['ready', 'failed'], 120_000);
    if (!ready || 'failed' in ready) {
      child.kill();
      throw new Error(`the sockets did not connect${ready && 'failed' in ready ? `: ${ready.failed}` : ''}`);
    }
    return { clients, connectMs: (ready as { connectMs: number }).connectMs };
  }

  /** Whether every socket received every change within the time. */
  async allReceived(timeoutMs: number): Promise<boolean> {
    return (await this.next(['received'], timeoutMs)) !== null;
  }

  /**
   * The latencies against the commit instants (index i: change i + 1), and against `sent` if
   * given (when each change was requested: an upper bound); the child then exits.
   */
  async latencies(commits: number[], timeoutMs = 60_000, sent?: number[]): Promise<Latencies | null> {
    return (await this.latenciesFrom(commits, timeoutMs, sent))?.latencies ?? null;
  }

  async latenciesFrom(
    commits: number[],
    timeoutMs = 60_000,
    sent?: number[],
  ): Promise<{ latencies: Latencies; fromSent?: Latencies } | null> {
    this.child.send({ commits, ...(sent ? { sent } : {}) } satisfies ToClients);
    const result = await this.next(['latencies'], timeoutMs);
    if (this.child.exitCode === null) {
      const exited = once(this.child, 'exit');
      if (!result) this.child.kill();
      await exited;
    }
    return result && 'latencies' in result ? result : null;
  }

  private async next(keys: string[], timeoutMs: number): Promise<FromClients | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => keys.some((k) => k in m));
      if (found) return found;
      if (Date.now() > deadline) return null;
      await Promise.race([new Promise<void>((r) => this.waiters.push(r)), new Promise((r) => setTimeout(r, 250))]);
    }
  }
}
