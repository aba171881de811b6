export * from './case-event.event.js';
export * from './event-schema.js';
export * from './form-codes.js';
