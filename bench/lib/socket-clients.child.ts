/**
 * The sockets of a fan-out measurement, in a process of their own so that the server's event
 * loop is not the clients'. Driven by bench/lib/socket-clients.ts over IPC. Every socket
 * records when it received each `stock.changed` of the measured product; the event with
 * onHand = n is change n (the product starts at 0 and each change adds 1).
 */
import { io, type Socket } from 'socket.io-client';
import { clock, type FromClients, type ToClients } from './socket-clients';

let sockets: Socket[] = [];
// arrivals[change][socket]: when each socket got the change's event.
let arrivals: Float64Array[] = [];
let expected = 0;
let got = 0;
const send = (m: FromClients) => process.send!(m);

process.on('message', async (m: ToClients) => {
  if ('urls' in m) {
    const started = clock();
    arrivals = Array.from({ length: m.changes }, () => new Float64Array(m.sockets));
    expected = m.changes * m.sockets;
    sockets = Array.from({ length: m.sockets }, (_, i) =>
      io(m.urls[i % m.urls.length]!, {
        transports: ['websocket'],
        auth: { token: m.tokens[i % m.tokens.length] },
        reconnection: false,
        forceNew: true,
      }),
    );
    sockets.forEach((socket, i) =>
      socket.on('stock.changed', (e: { productId: number; onHand: number }) => {
        if (m.productId !== undefined && e.productId !== m.productId) return;
        const slot = arrivals[e.onHand - 1];
        if (!slot || slot[i]) return;
        slot[i] = clock();
        if (++got === expected) send({ received: true });
      }),
    );
    try {
      await Promise.all(
        sockets.map(
          (s) =>
            new Promise<void>((resolve, reject) => {
              s.once('connect', () => resolve());
              s.once('connect_error', reject);
            }),
        ),
      );
      send({ ready: true, connectMs: clock() - started });
    } catch (err) {
      send({ failed: String(err) });
    }
  } else {
    const latencies = (reference: number[]) => {
      const all: number[] = [];
      let missing = 0;
      reference.forEach((at0, change) => {
        for (const at of arrivals[change]!) {
          if (at) all.push(at - at0);
          else missing++;
        }
      });
      all.sort((x, y) => x - y);
      const pct = (p: number) => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))] ?? NaN;
      return { count: all.length, missing, p50: pct(50), p90: pct(90), p99: pct(99), max: all.at(-1) ?? NaN };
    };
    send({ latencies: latencies(m.commits), ...(m.sent ? { fromSent: latencies(m.sent) } : {}) });
    for (const s of sockets) s.disconnect();
    process.exit(0);
  }
});
