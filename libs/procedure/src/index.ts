// The pure procedure library: the law as code and data. Imports nothing but xstate.
export * from './dates.js';
export * from './editions.js';
export * from './calendar/index.js';
export * from './deadlines/index.js';
export * from './rules/index.js';
export * from './events/index.js';
export * from './machine/index.js';
export * from './compliance/index.js';
export { renderRulesDoc, renderEventsDoc, renderProcedureDoc } from './docs-render.js';
// Names both halves define: the rules' citation shape and the deadlines' timer ids are the canonical ones.
export { type Citation } from './rules/index.js';
export { TIMER_IDS, type TimerId } from './deadlines/index.js';
