/**
 * Generates packages/client/src/generated/api.ts from the committed OpenAPI document
 * (packages/contract/openapi.json). `npm run generate:client` runs it; the drift test
 * (src/generated.unit.test.ts) renders the same text in memory and compares.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

export const DOCUMENT = new URL('../../contract/openapi.json', import.meta.url);
export const GENERATED = new URL('../src/generated/api.ts', import.meta.url);

const HEADER = `${COMMENT_HEADER.trimEnd()}\n// Regenerate with \`npm run generate:client\` from packages/contract/openapi.json.\n\n`;

/** The TypeScript text of the generated types for the document. */
export async function renderTypes(document: string = readFileSync(DOCUMENT, 'utf8')): Promise<string> {
  const ast = await openapiTS(JSON.parse(document), { silent: true, alphabetize: false });
  return HEADER + astToString(ast);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await renderTypes();
  writeFileSync(GENERATED, text);
  console.log(`wrote ${fileURLToPath(GENERATED)} (${text.length} characters)`);
}
