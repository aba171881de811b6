// The only door into the messages library: the catalogue of texts shown to people, keyed by code.
// Pure data and string formatting, no imports: the API, the worker, the CLI and the web all read it.
export * from './bilingual.js';
export * from './messages.js';
export * from './format.js';
export * from './labels.js';
