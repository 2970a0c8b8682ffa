/**
 * The .br and .gz twins of a built app's text files (file.js.br, file.js.gz), which the API
 * sends to browsers that accept them (@fastify/static `preCompressed`, apps/api/src/platform/
 * admin-static.ts). Used by scripts/build.mjs and by the browser tests' build, so that the tests
 * get the bytes users get. Brotli at quality 9: within a few per cent of 11, at a tenth of the time.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const br = promisify(brotliCompress);
const gz = promisify(gzip);

/** @param {string} dir the app's dist folder */
export async function compressDist(dir) {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && /\.(js|css|html|svg|json|webmanifest|wasm)$/.test(f.name))
    .map((f) => join(f.parentPath, f.name));
  await Promise.all(
    files.map(async (file) => {
      const bytes = readFileSync(file);
      if (bytes.length < 1024) return;
      const [brotli, gzipped] = await Promise.all([
        br(bytes, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
        }),
        gz(bytes, { level: 9 }),
      ]);
      writeFileSync(`${file}.br`, brotli);
      writeFileSync(`${file}.gz`, gzipped);
    }),
  );
}
