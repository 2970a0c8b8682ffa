/** A real API (the test harness's app on a fresh database) listening on a free port, serving the built apps. */
import { createTestApp, type TestApp } from '../../apps/api/src/test/harness';

export type Served = TestApp & { base: string; stop(): Promise<void> };

/** `env` overrides the server's settings (e.g. `{ SMTP_URL: … }`). */
export async function serve(env: Record<string, string> = {}): Promise<Served> {
  const t = await createTestApp(env, { serveApps: true });
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = address.replace(/\/$/, '');
  return Object.assign(t, {
    base,
    async stop() {
      t.app.server.closeAllConnections();
      await t.close();
    },
  });
}
