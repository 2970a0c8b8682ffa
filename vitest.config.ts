import pg from 'pg';
import { defineConfig } from 'vitest/config';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The PostgreSQL suite runs when the server answers; on CI its absence fails the run. */
async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    // Product search uses trigram indexes; the extension is database-wide, so create it once here
    // rather than from many test files' migrations at the same moment.
    await client.query('create extension if not exists pg_trgm with schema public');
    return true;
  } catch (err) {
    const why = `PostgreSQL is not reachable at ${PG_URL} (${(err as Error).message})`;
    if (process.env.CI === 'true') throw new Error(`${why}; CI=true requires it`);
    console.warn(
      `\n  Skipping the PostgreSQL suite: ${why}.\n  Start PostgreSQL or set TEST_DATABASE_URL to run it.\n`,
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const apiTests = ['apps/api/src/**/*.test.ts'];
/** @bodega/client against a real listening server: on both databases, like the API's tests. */
const clientFlowTests = ['packages/client/test/**/*.test.ts'];
const unitOnly = ['**/*.unit.test.ts'];

export default defineConfig(async () => {
  const withPostgres = await postgresAvailable();
  const dbProject = (db: 'sqlite' | 'postgres') => ({
    extends: true as const,
    test: {
      name: db,
      include: [...apiTests, ...clientFlowTests],
      exclude: [...unitOnly, '**/node_modules/**'],
      env: { TEST_DB: db, TEST_DATABASE_URL: PG_URL },
    },
  });
  return {
    test: {
      testTimeout: 30_000,
      hookTimeout: 60_000,
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['packages/**/*.test.ts', 'apps/**/*.unit.test.ts'],
            exclude: [...clientFlowTests, '**/node_modules/**'],
          },
        },
        dbProject('sqlite'),
        {
          // The apps in headless Chromium against a real server (SQLite); see e2e/.
          extends: true,
          test: {
            name: 'e2e',
            include: ['e2e/**/*.test.ts'],
            globalSetup: ['e2e/support/build-apps.ts'],
            env: { TEST_DB: 'sqlite' },
          },
        },
        ...(withPostgres
          ? [
              dbProject('postgres'),
              {
                // The money flows (`*-flow.test.ts`) in the browser on PostgreSQL too.
                extends: true as const,
                test: {
                  name: 'e2e-postgres',
                  include: ['e2e/**/*-flow.test.ts'],
                  globalSetup: ['e2e/support/build-apps.ts'],
                  env: { TEST_DB: 'postgres', TEST_DATABASE_URL: PG_URL },
                },
              },
            ]
          : []),
      ],
    },
  };
});
