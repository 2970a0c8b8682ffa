import { sql } from 'kysely';
import type { Config } from '../../config';
import { createDatabase, type Db } from '../../db/database';

/**
 * The database the demo loads into: the server's own connection (same settings, functions
 * and statement reuse). On SQLite it is then tuned for one long bulk load — no fsync, a
 * larger page cache — which changes how fast pages reach the disk, not what is written.
 * `synchronous = OFF` gives up durability of the last commits if the machine (not the
 * process) crashes: fine for a demo that can be loaded again, wrong for serving.
 */
export async function openDemoDatabase(database: Config['database']): Promise<Db> {
  const db = createDatabase(database);
  if (database.kind === 'sqlite') {
    await sql`pragma synchronous = off`.execute(db);
    await sql`pragma cache_size = -262144`.execute(db);
    await sql`pragma temp_store = memory`.execute(db);
  }
  return db;
}
