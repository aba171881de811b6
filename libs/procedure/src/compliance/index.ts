export * from './record.js';
export * from './deadline-verdict.js';
export * from './catalogue.js';
export * from './reconcile.js';
