/**
 * The HTTP ceiling of the machine: a bare Fastify route answering fixed bytes (the catalog
 * page's own response), no plugins, no logging. Started by bench/run.ts as its own process:
 *   node --import tsx bench/lib/ceiling-server.ts <body file> <content type>   (env PORT)
 */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const [file, contentType] = process.argv.slice(2);
const body = readFileSync(file!);
const app = Fastify({ logger: false });
app.get('/', (_request, reply) => reply.type(contentType!).send(body));
await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 0) });
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void app.close().then(() => process.exit(0)));
