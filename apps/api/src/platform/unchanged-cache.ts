import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { dbKind, type Db } from '../db/database';

/**
 * Where the database's history stands: a value that differs after any committed write.
 * - SQLite: the rows this connection has changed (`total_changes()`: the server's only writer)
 *   and `data_version`, which moves when another connection — a CLI, a restore — commits.
 * - PostgreSQL: the current snapshot (`xmin:xmax:running xids`). Every commit or abort of a
 *   transaction that wrote something changes it, whichever server or connection ran it;
 *   read-only transactions leave it alone. It is the cluster's: writes to other databases of the
 *   same PostgreSQL move it too, which only costs a recomputation, never a stale answer.
 * One statement, prepared once (SQLite) or a single round trip (PostgreSQL).
 */
export async function changeStamp(db: Db): Promise<string> {
  const row = await db.selectNoFrom(changeStampExpression(db).as('s')).executeTakeFirstOrThrow();
  return String(row.s);
}

/**
 * The stamp as an expression, for a statement that reads something else too: the guard reads
 * it with the session, so a cached answer costs no statement of its own.
 */
export function changeStampExpression(db: Db) {
  return dbKind(db) === 'postgres' ? STAMP_PG : STAMP_SQLITE;
}

const STAMP_PG = sql<string>`pg_current_snapshot()::text`;
const STAMP_SQLITE = sql<string>`total_changes() || ':' || (select data_version from pragma_data_version)`;

/**
 * A response body made once: `value` checked and stripped by the route's response schema (what
 * Fastify's serializer would do on every request), as UTF-8 bytes ready to be sent again.
 */
export function serializeWith(schema: ZodType, value: unknown): Buffer {
  return Buffer.from(JSON.stringify(schema.parse(value)));
}

/** Sends a body from `serializeWith`: Fastify sends bytes with a content type as they are. */
export function sendSerialized(reply: FastifyReply, body: Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body);
}

type Entry<V> = { stamp: string; value: V };

/**
 * Answers that hold for as long as the database has not changed: an entry is served again only
 * while `changeStamp` is what it was before the answer was computed, so a hit is exactly what
 * computing again would give (for inputs that are all in the key or in the database). Any write
 * anywhere invalidates every entry; the cache pays off where reads outnumber writes (catalog
 * pages, the dashboard opened by several people). Least recently used entries go first.
 */
export class UnchangedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly db: Db,
    private readonly maxEntries: number,
  ) {}

  /**
   * `stamp`: one already read during this request (the guard's, `request.changeStamp`). It was
   * read before computing, which is all the rule needs: served from the cache, the request sees
   * the data as they were when it was authenticated. Without it, it is read here.
   */
  async get(key: string, compute: () => Promise<V>, stamp?: string): Promise<V> {
    // The stamp is read before computing: a write that lands during the computation moves it,
    // so the entry stored below is never served after that write.
    stamp ??= await changeStamp(this.db);
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry && entry.stamp === stamp) {
      this.hits++;
      this.entries.set(key, entry);
      return entry.value;
    }
    this.misses++;
    const value = await compute();
    this.entries.set(key, { stamp, value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  stats(): { entries: number; hits: number; misses: number } {
    return { entries: this.entries.size, hits: this.hits, misses: this.misses };
  }
}
