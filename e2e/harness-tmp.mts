import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { fakeCameraFile, fakeCameraArgs } from './support/fake-camera';
import { launchChromium } from './support/browser';
const root = 'tmp-harness/dist';
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  const p = join(root, (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : req.url!.split('?')[0]!);
  try { const b = readFileSync(p); res.writeHead(200, { 'content-type': types[extname(p)] ?? 'application/octet-stream', 'content-security-policy': "default-src 'self'; script-src 'self'" }); res.end(b); } catch { res.writeHead(404); res.end(); }
}).listen(0);
const port = (server.address() as any).port;
const fmt = (process.argv[2] ?? 'ean13') as any;
const code = process.argv[3] ?? '7501234567893';
const file = await fakeCameraFile(code, { format: fmt });
const browser = await launchChromium(fakeCameraArgs(file));
const ctx = await browser.newContext({ permissions: ['camera'] });
const page = await ctx.newPage();
page.on('console', (m) => console.log('console', m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(`http://127.0.0.1:${port}/`);
await page.getByText('done').waitFor({ timeout: 30000 }).catch(() => undefined);
console.log(await page.locator('#out').textContent());
await browser.close(); server.close();
