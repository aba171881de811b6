// Counts the raw `.query()` calls left per library (ADR 0004, "Progress"): call expressions
// `x.query(...)` in the ESLint AST (the selector of the KYSELY_ONLY rule, inline disables ignored)
// in libs/*/src and apps/*/src, without tests, migrations, apps/web and the Kysely adapter itself.
// Usage: node scripts/count-raw-queries.mjs
import path from 'node:path';
import { ESLint } from 'eslint';

const SELECTOR = "CallExpression[callee.type='MemberExpression'][callee.property.name='query']";
const eslint = new ESLint({
  allowInlineConfig: false,
  overrideConfig: { rules: { 'no-restricted-syntax': ['error', { selector: SELECTOR, message: 'raw-query' }] } },
});
const skip = (file) =>
  /\.(spec|int-spec|e2e-spec)\.ts$/.test(file) || file.includes('/migrations/') || file.startsWith('apps/web/') || file === 'libs/platform/src/database/kysely.ts';
const counts = new Map();
for (const result of await eslint.lintFiles(['libs/*/src/**/*.ts', 'apps/*/src/**/*.ts'])) {
  const file = path.relative(process.cwd(), result.filePath).split(path.sep).join('/');
  if (skip(file)) continue;
  const n = result.messages.filter((m) => m.message === 'raw-query').length;
  const lib = file.split('/').slice(0, 2).join('/');
  if (n) counts.set(lib, (counts.get(lib) ?? 0) + n);
}
let total = 0;
for (const [lib, n] of [...counts].sort((a, b) => b[1] - a[1])) {
  console.log(`${lib.padEnd(20)} ${n}`);
  total += n;
}
console.log(`${'total'.padEnd(20)} ${total}`);
