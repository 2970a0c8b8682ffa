import { createDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { runCli } from './cli';

/* `npm run db:migrate`: the pending migrations, applied without starting the server (which applies them too). */

await runCli({
  usage: `Usage: npm run db:migrate

Applies the pending migrations to the database configured as for npm start (DATA_DIR or
DATABASE_URL). The server applies them too when it starts.`,
  database: (config) => createDatabase(config.database),
  run: async ({ db }) => {
    try {
      const applied = await migrateToLatest(db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    } catch (err) {
      console.error(err);
      return 1;
    }
  },
});
