import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

// The web's types (apps/web/src/api/schema.d.ts) are generated from docs/openapi.json by
// `npm run web:api-types`; the e2e contract test keeps docs/openapi.json true to the API, and this
// keeps schema.d.ts true to docs/openapi.json: a route or schema changed without regenerating fails.
const root = process.cwd();

describe('web API types', () => {
  it('apps/web/src/api/schema.d.ts is what openapi-typescript makes of docs/openapi.json', async () => {
    const generated = COMMENT_HEADER + astToString(await openapiTS(pathToFileURL(path.join(root, 'docs/openapi.json')), { silent: true }));
    const committed = readFileSync(path.join(root, 'apps/web/src/api/schema.d.ts'), 'utf8');
    expect(committed).toBe(generated);
  }, 60_000);
});
