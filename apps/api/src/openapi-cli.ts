import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPENAPI_FILE, renderOpenApiDocument } from './openapi-document';

// `npm run openapi`: writes the document the server serves to packages/contract/openapi.json.
writeFileSync(OPENAPI_FILE, await renderOpenApiDocument());
console.log(`Wrote ${fileURLToPath(OPENAPI_FILE)}`);
