// Writes apps/web/src/api/schema.d.ts, the types openapi-fetch uses, from the API's OpenAPI
// document. openapi-typescript could not be installed (TypeScript peer conflict), so this is a
// small generator for the subset of OpenAPI 3.0/3.1 our API uses: paths, methods, parameters,
// request bodies, responses, components.schemas with $ref, enums, arrays, nullable, oneOf/anyOf/allOf.
//
//   node scripts/generate-api-types.mjs                       # from http://localhost:3000/api/docs-json
//   node scripts/generate-api-types.mjs --url http://host:port/api/docs-json
//   node scripts/generate-api-types.mjs --file openapi.json
//   node scripts/generate-api-types.mjs --check ...           # exit 1 if the committed file differs
//
// The output follows openapi-typescript's shape (paths / components / operations), so switching to
// that tool later changes nothing for the client code.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const OUT = resolve(process.cwd(), 'apps/web/src/api/schema.d.ts');

function parseArgs(argv) {
  const args = { url: null, file: null, out: OUT, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--url') args.url = argv[++i];
    else if (a === '--file') args.file = argv[++i];
    else if (a === '--out') args.out = resolve(argv[++i]);
    else if (a === '--check') args.check = true;
    else if (/^https?:\/\//.test(a)) args.url = a;
    else args.file = a;
  }
  if (!args.url && !args.file) args.url = process.env.OPENAPI_URL ?? 'http://localhost:3000/api/docs-json';
  return args;
}

async function load(args) {
  if (args.file) return JSON.parse(readFileSync(resolve(args.file), 'utf8'));
  const res = await fetch(args.url);
  if (!res.ok) throw new Error(`GET ${args.url}: ${res.status}`);
  return res.json();
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k) => (IDENT.test(k) ? k : JSON.stringify(k));
const lit = (v) => JSON.stringify(v);
const pad = (n) => '    '.repeat(n);

function comment(obj, depth) {
  const parts = [];
  if (obj?.description) parts.push(String(obj.description));
  if (obj?.format) parts.push(`Format: ${obj.format}`);
  if (obj?.deprecated) parts.push('@deprecated');
  if (!parts.length) return '';
  const text = parts.join('\n').replace(/\*\//g, '*\\/');
  const lines = text.split('\n');
  if (lines.length === 1) return `${pad(depth)}/** ${lines[0]} */\n`;
  return `${pad(depth)}/**\n${lines.map((l) => `${pad(depth)} * ${l}`).join('\n')}\n${pad(depth)} */\n`;
}

function refType(ref) {
  const m = /^#\/components\/(schemas|parameters|responses|requestBodies|headers)\/(.+)$/.exec(ref);
  if (!m) return 'unknown';
  const name = m[2].replace(/~1/g, '/').replace(/~0/g, '~');
  return `components[${lit(m[1])}][${lit(name)}]`;
}

function nullableOf(schema, type) {
  return schema?.nullable === true && type !== 'unknown' ? `${type} | null` : type;
}

/** A schema as a TypeScript type expression. */
function schemaType(schema, depth) {
  if (schema === true || schema == null) return 'unknown';
  if (schema === false) return 'never';
  if (schema.$ref) return nullableOf(schema, refType(schema.$ref));
  if (schema.const !== undefined) return lit(schema.const);
  if (Array.isArray(schema.enum)) {
    const t = schema.enum.map((v) => (v === null ? 'null' : lit(v))).join(' | ') || 'never';
    return nullableOf(schema, t);
  }
  if (schema.oneOf || schema.anyOf) {
    const t = (schema.oneOf ?? schema.anyOf).map((s) => paren(schemaType(s, depth))).join(' | ');
    return nullableOf(schema, t);
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => paren(schemaType(s, depth)));
    if (schema.properties) parts.push(objectType(schema, depth));
    return nullableOf(schema, parts.join(' & '));
  }
  let type = schema.type;
  if (Array.isArray(type)) {
    return type.map((t) => (t === 'null' ? 'null' : paren(schemaType({ ...schema, type: t }, depth)))).join(' | ');
  }
  if (!type) {
    if (schema.properties || schema.additionalProperties) type = 'object';
    else if (schema.items) type = 'array';
  }
  switch (type) {
    case 'string':
      return nullableOf(schema, schema.format === 'binary' ? 'Blob' : 'string');
    case 'integer':
    case 'number':
      return nullableOf(schema, 'number');
    case 'boolean':
      return nullableOf(schema, 'boolean');
    case 'null':
      return 'null';
    case 'array': {
      if (Array.isArray(schema.prefixItems)) return nullableOf(schema, `[${schema.prefixItems.map((s) => schemaType(s, depth)).join(', ')}]`);
      return nullableOf(schema, `${paren(schemaType(schema.items, depth))}[]`);
    }
    case 'object':
      return nullableOf(schema, objectType(schema, depth));
    default:
      return 'unknown';
  }
}

function paren(t) {
  return /[|&]/.test(t) && !/^\{[\s\S]*\}$/.test(t) ? `(${t})` : t;
}

function objectType(schema, depth) {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = Object.keys(props);
  const ap = schema.additionalProperties;
  if (!names.length && (ap === undefined || ap === true)) return 'Record<string, unknown>';
  if (!names.length && ap === false) return 'Record<string, never>';
  let out = '{\n';
  for (const name of names) {
    const p = props[name];
    out += comment(p, depth + 1);
    out += `${pad(depth + 1)}${key(name)}${required.has(name) ? '' : '?'}: ${schemaType(p, depth + 1)};\n`;
  }
  if (ap && typeof ap === 'object') out += `${pad(depth + 1)}[key: string]: ${schemaType(ap, depth + 1)};\n`;
  else if (ap === true && names.length) out += `${pad(depth + 1)}[key: string]: unknown;\n`;
  return `${out}${pad(depth)}}`;
}

function resolveRef(doc, obj) {
  let cur = obj;
  for (let i = 0; cur?.$ref && i < 10; i++) {
    const parts = cur.$ref.replace(/^#\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    cur = parts.reduce((o, k) => o?.[k], doc);
  }
  return cur;
}

function contentType(doc, content, depth) {
  if (!content || !Object.keys(content).length) return null;
  let out = '{\n';
  for (const [media, m] of Object.entries(content)) {
    out += `${pad(depth + 1)}${lit(media)}: ${schemaType(m?.schema, depth + 1)};\n`;
  }
  return `${out}${pad(depth)}}`;
}

function parametersType(doc, pathParams, opParams, depth) {
  const groups = { query: [], header: [], path: [], cookie: [] };
  const byKey = new Map();
  for (const p0 of [...(pathParams ?? []), ...(opParams ?? [])]) {
    const p = resolveRef(doc, p0);
    if (!p?.in || !groups[p.in]) continue;
    byKey.set(`${p.in}:${p.name}`, p);
  }
  for (const p of byKey.values()) groups[p.in].push(p);
  let out = '{\n';
  for (const where of ['query', 'header', 'path', 'cookie']) {
    const list = groups[where];
    if (!list.length) {
      out += `${pad(depth + 1)}${where}?: never;\n`;
      continue;
    }
    const anyRequired = list.some((p) => p.required || where === 'path');
    out += `${pad(depth + 1)}${where}${anyRequired ? '' : '?'}: {\n`;
    for (const p of list) {
      out += comment(p, depth + 2);
      out += `${pad(depth + 2)}${key(p.name)}${p.required || where === 'path' ? '' : '?'}: ${schemaType(p.schema, depth + 2)};\n`;
    }
    out += `${pad(depth + 1)}};\n`;
  }
  return `${out}${pad(depth)}}`;
}

function operationType(doc, op, pathParams, depth) {
  let out = '{\n';
  out += `${pad(depth + 1)}parameters: ${parametersType(doc, pathParams, op.parameters, depth + 1)};\n`;
  const body = resolveRef(doc, op.requestBody);
  const bodyContent = body ? contentType(doc, body.content, depth + 2) : null;
  if (bodyContent) {
    out += `${pad(depth + 1)}requestBody${body.required ? '' : '?'}: {\n${pad(depth + 2)}content: ${bodyContent};\n${pad(depth + 1)}};\n`;
  } else {
    out += `${pad(depth + 1)}requestBody?: never;\n`;
  }
  out += `${pad(depth + 1)}responses: {\n`;
  for (const [status, r0] of Object.entries(op.responses ?? {})) {
    const r = resolveRef(doc, r0);
    out += comment(r, depth + 2);
    const statusKey = /^\d+$/.test(status) ? status : lit(status);
    const c = contentType(doc, r?.content, depth + 3);
    out += `${pad(depth + 2)}${statusKey}: {\n`;
    out += `${pad(depth + 3)}headers: {\n${pad(depth + 4)}[name: string]: unknown;\n${pad(depth + 3)}};\n`;
    out += c ? `${pad(depth + 3)}content: ${c};\n` : `${pad(depth + 3)}content?: never;\n`;
    out += `${pad(depth + 2)}};\n`;
  }
  out += `${pad(depth + 1)}};\n`;
  return `${out}${pad(depth)}}`;
}

export function generate(doc) {
  let out = '';
  out += '/**\n * Generated by scripts/generate-api-types.mjs from the API\'s OpenAPI document. Do not edit by hand:\n';
  out += ' * run `npm run web:api-types` against a running API (or --file openapi.json).\n';
  out += ` * Source: ${doc.info?.title ?? 'API'} ${doc.info?.version ?? ''}, OpenAPI ${doc.openapi ?? '?'}.\n */\n\n`;
  out += 'export interface paths {\n';
  const operations = [];
  for (const [path, item0] of Object.entries(doc.paths ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const item = resolveRef(doc, item0);
    out += `${pad(1)}${lit(path)}: {\n`;
    out += `${pad(2)}parameters: ${parametersType(doc, item.parameters, [], 2)};\n`;
    for (const m of METHODS) {
      const op = item[m];
      if (!op) {
        out += `${pad(2)}${m}?: never;\n`;
        continue;
      }
      out += comment({ description: [op.summary, op.description].filter(Boolean).join('\n') || undefined }, 2);
      if (op.operationId && IDENT.test(op.operationId)) {
        operations.push([op.operationId, operationType(doc, op, item.parameters, 1)]);
        out += `${pad(2)}${m}: operations[${lit(op.operationId)}];\n`;
      } else {
        out += `${pad(2)}${m}: ${operationType(doc, op, item.parameters, 2)};\n`;
      }
    }
    out += `${pad(1)}};\n`;
  }
  out += '}\n\nexport type webhooks = Record<string, never>;\n\n';
  out += 'export interface components {\n';
  const schemas = Object.entries(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (!schemas.length) out += `${pad(1)}schemas: Record<string, never>;\n`;
  else {
    out += `${pad(1)}schemas: {\n`;
    for (const [name, schema] of schemas) {
      out += comment(schema, 2);
      out += `${pad(2)}${key(name)}: ${schemaType(schema, 2)};\n`;
    }
    out += `${pad(1)}};\n`;
  }
  out += `${pad(1)}responses: never;\n${pad(1)}parameters: never;\n${pad(1)}requestBodies: never;\n${pad(1)}headers: never;\n${pad(1)}pathItems: never;\n}\n\n`;
  out += 'export type $defs = Record<string, never>;\n\n';
  if (!operations.length) out += 'export type operations = Record<string, never>;\n';
  else {
    out += 'export interface operations {\n';
    for (const [id, t] of operations.sort(([a], [b]) => a.localeCompare(b))) out += `${pad(1)}${key(id)}: ${t};\n`;
    out += '}\n';
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const doc = await load(args);
  if (!doc || typeof doc !== 'object' || !doc.paths) throw new Error('not an OpenAPI document (no "paths")');
  const text = generate(doc);
  if (args.check) {
    const current = existsSync(args.out) ? readFileSync(args.out, 'utf8') : '';
    if (current !== text) {
      console.error(`${args.out} is out of date: run npm run web:api-types`);
      process.exit(1);
    }
    console.log(`${args.out} is up to date`);
    return;
  }
  writeFileSync(args.out, text);
  console.log(`wrote ${args.out}: ${Object.keys(doc.paths).length} paths, ${Object.keys(doc.components?.schemas ?? {}).length} schemas`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
