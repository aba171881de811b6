// Preloaded into the bench's API child (`node --require`): counts the SQL statements the API sends
// through `pg` and the commits among them, so the benchmark reports statements and commits per
// transition from what really went over the wire (pg_stat_statements is not installed here).
// The counters are written to BENCH_QUERY_COUNT_FILE. Nothing else changes: the query runs as is.
/* eslint-disable */
const fs = require('node:fs');
const path = require('node:path');
const pg = require(path.join(process.cwd(), 'node_modules', 'pg'));
const { prepareValue } = require(path.join(process.cwd(), 'node_modules', 'pg', 'lib', 'utils.js'));

const { AsyncLocalStorage } = require('node:async_hooks');
const http = require('node:http');

// Statements sent while an HTTP request is being served (its async context) are the request's; the
// rest is background work of the process (the audit chainer, pollers), counted apart.
// The statements of the last finished request, with their parameters, are kept too (written to
// <BENCH_QUERY_COUNT_FILE>.last.json): the pgbench replay of "the transition's own SQL" is built
// from what a real POST sent (lib/pgbench.mjs).
const inRequest = new AsyncLocalStorage();
let lastRequest = null;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event !== 'request') return emit.call(this, event, ...args);
  const [req, res] = args;
  const store = { method: req.method, url: req.url, statements: [] };
  res.once('finish', () => {
    lastRequest = { ...store, status: res.statusCode };
  });
  return inRequest.run(store, () => emit.call(this, event, ...args));
};

const counts = { statements: 0, commits: 0, explicitCommits: 0, autocommitWrites: 0, rollbacks: 0, requestStatements: 0, requestCommits: 0 };
const inTx = new WeakSet();
const WRITE = /^\s*(insert|update|delete|merge)\b|^\s*with\b[\s\S]*\b(insert|update|delete)\b/i;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  const text = typeof config === 'string' ? config : config && typeof config.text === 'string' ? config.text : '';
  const store = inRequest.getStore();
  const request = store !== undefined;
  if (store && store.statements.length < 50) {
    const values = config && Array.isArray(config.values) ? config.values : Array.isArray(rest[0]) ? rest[0] : [];
    store.statements.push({ text, values: values.map((v) => prepareValue(v)) });
  }
  if (process.env.BENCH_QUERY_LOG) fs.appendFileSync(process.env.BENCH_QUERY_LOG, `${request ? 'R' : 'B'} ${text.replace(/\s+/g, ' ').slice(0, 100)}\n`);
  counts.statements += 1;
  if (request) counts.requestStatements += 1;
  if (/^\s*(begin|start transaction)\b/i.test(text)) inTx.add(this);
  else if (/^\s*commit\b/i.test(text)) {
    inTx.delete(this);
    counts.commits += 1;
    counts.explicitCommits += 1;
    if (request) counts.requestCommits += 1;
  } else if (/^\s*rollback\b/i.test(text) && !/^\s*rollback\s+to\b/i.test(text)) {
    inTx.delete(this);
    counts.rollbacks += 1;
  } else if (!inTx.has(this) && WRITE.test(text)) {
    counts.commits += 1;
    counts.autocommitWrites += 1;
    if (request) counts.requestCommits += 1;
  }
  return original.call(this, config, ...rest);
};
// Written every 100 ms while it changes (a signal would not do: Nest's shutdown hooks take SIGUSR2).
let written = '';
let writtenLast = null;
const file = process.env.BENCH_QUERY_COUNT_FILE;
if (file)
  setInterval(() => {
    if (lastRequest !== writtenLast) {
      fs.writeFileSync(`${file}.last.tmp`, JSON.stringify(lastRequest));
      fs.renameSync(`${file}.last.tmp`, `${file}.last.json`);
      writtenLast = lastRequest;
    }
    const now = JSON.stringify(counts);
    if (now === written) return;
    fs.writeFileSync(`${file}.tmp`, now);
    fs.renameSync(`${file}.tmp`, file);
    written = now;
  }, 100).unref();
