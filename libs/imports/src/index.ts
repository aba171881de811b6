// The only door into the imports library.
export * from './csv.js';
export * from './formats.js';
export * from './import.types.js';
export { parseDate } from './rows.js';
export * from './import.service.js';
export * from './import-jobs.service.js';
export * from './imports.module.js';
