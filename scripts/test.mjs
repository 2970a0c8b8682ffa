#!/usr/bin/env node
// `npm test`: every suite (unit, API on SQLite, API on PostgreSQL), then one summary line.
// Browser tests (e2e/) need Debian's Chromium: installed here when running as root and
// missing, otherwise the exact command to install it is printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';

function hasBrowserTests() {
  if (!existsSync('e2e')) return false;
  return readdirSync('e2e', { recursive: true }).some((f) => /\.(spec|test)\.ts$/.test(String(f)));
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0) {
    console.log('Chromium is missing: installing Debian\'s "chromium" package for the browser tests…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
      const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
    return;
  }
  console.error('The browser tests need Chromium. Install it with:\n\n  sudo apt-get install -y chromium\n');
  process.exit(1);
}

if (hasBrowserTests()) ensureChromium();

const out = mkdtempSync(join(tmpdir(), 'bodega-vitest-'));
const report = join(out, 'report.json');
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  console.log(
    `\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  );
  if (r.numTotalTests === 0) {
    console.error('No test ran.');
    process.exitCode = 1;
  }
}
rmSync(out, { recursive: true, force: true });
process.exitCode ||= run.status ?? 1;
