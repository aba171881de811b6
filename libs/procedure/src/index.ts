// The pure procedure library: the law as code and data. Imports nothing but xstate.
export * from './dates.js';
export * from './editions.js';
export * from './calendar/index.js';
export * from './deadlines/index.js';
