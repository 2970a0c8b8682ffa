/**
 * Run once (`node apps/mobile/scripts/make-icons.mjs`) when the logo changes: draws the app's
 * PNG icons from public/favicon.svg with sharp; the PNGs are committed under public/.
 * The maskable icon has a full-bleed background and keeps the box in the inner 60 %, inside the
 * safe zone any launcher's mask leaves visible.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const pub = join(import.meta.dirname, '../public');
const logo = readFileSync(join(pub, 'favicon.svg'));
const maskable = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" fill="#0ca678"/>` +
    `<g transform="translate(102.4 102.4) scale(0.6)"><path d="M256 96 416 176v160L256 416 96 336V176Z" fill="#fff"/>` +
    `<path d="M96 176l160 80 160-80M256 256v160" fill="none" stroke="#0ca678" stroke-width="28" stroke-linejoin="round"/></g></svg>`,
);

for (const [name, svg, size] of [
  ['pwa-192x192.png', logo, 192],
  ['pwa-512x512.png', logo, 512],
  ['maskable-512x512.png', maskable, 512],
  ['apple-touch-icon.png', maskable, 180],
]) {
  await sharp(svg, { density: 300 }).resize(size, size).png().toFile(join(pub, name));
  console.log(`wrote public/${name}`);
}
