import { watchProcess } from '../lib/http-load';
import { clock, SocketClients } from '../lib/socket-clients';
import { call, type Bench, type Outcome } from './bench';
import { TARGETS } from './targets';

/**
 * N staff sockets (socket.io-client in a child process, spread over the staff's sessions)
 * watch one new product while it gets M stock adjustments through HTTP, paced. A change's
 * commit instant is taken when its HTTP response arrives (the server publishes right after
 * the commit, before it answers), so a latency here is from that answer to each socket's receipt.
 */
export async function fanOut(b: Bench): Promise<Outcome> {
  const { sizes } = b;
  const product = await call<{ id: number }>(
    b,
    'POST',
    '/api/v1/products',
    b.admin,
    { sku: `FAN-${Date.now().toString(36).toUpperCase()}`, name: 'Fan-out product', priceCents: 1_000 },
    201,
  );
  const watcher = watchProcess(b.api.pid);
  const { clients, connectMs } = await SocketClients.connect({
    urls: [b.api.url],
    tokens: [b.admin, ...b.staff],
    sockets: sizes.sockets,
    changes: sizes.changes,
    productId: product.id,
  });
  const commits: number[] = [];
  const sent: number[] = [];
  const answers: number[] = [];
  const started = clock();
  for (let i = 0; i < sizes.changes; i++) {
    const due = started + (i * 1000) / sizes.changeRate;
    if (due > clock()) await new Promise((r) => setTimeout(r, due - clock()));
    sent.push(clock());
    await call(
      b,
      'POST',
      '/api/v1/stock/adjustments',
      b.admin,
      { productId: product.id, quantity: 1, reason: 'found' },
      201,
    );
    commits.push(clock());
    answers.push(commits.at(-1)! - sent.at(-1)!);
  }
  const allArrived = await clients.allReceived(60_000);
  const measured = await clients.latenciesFrom(commits, 60_000, sent);
  const l = measured?.latencies ?? null;
  const use = watcher.stop();
  const target = TARGETS[b.kind].fanOutP99;
  answers.sort((x, y) => x - y);
  const failures: string[] = [];
  if (!l) failures.push('fan-out: no latencies from the socket clients');
  else if (l.missing) failures.push(`fan-out: ${l.missing} deliveries missing`);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    rows: [
      {
        scenario: `fan-out (${sizes.sockets} sockets)`,
        throughput: round(((l?.count ?? 0) * 1000) / Math.max(1, commits.at(-1)! - started)),
        unit: 'deliveries/s',
        p50: l ? round(l.p50) : null,
        p99: l ? round(l.p99) : null,
        errors: l?.missing ?? 0,
        non2xx: 0,
        rssMb: use?.peakMb ?? null,
        cpuMs: use ? Math.round((use.cpuS * 1e5) / sizes.changes) / 100 : null,
        target: `p99 ≤ ${target} ms`,
        met: l ? l.p99 <= target && l.missing === 0 : false,
        note: `${sizes.changes} changes at ${sizes.changeRate}/s; from request sent p50 ${round(measured?.fromSent?.p50 ?? NaN)} / p99 ${round(measured?.fromSent?.p99 ?? NaN)} ms; ${allArrived ? 'all delivered' : 'NOT all delivered'}`,
      },
    ],
    failures,
    details: {
      latencies: l,
      fromRequestSent: measured?.fromSent,
      connectMs: Math.round(connectMs),
      adjustmentP50Ms: round(answers[Math.floor(answers.length / 2)] ?? NaN),
    },
  };
}
