export * from './jobs.js';
export * from './job-registry.js';
export * from './queue.gateway.js';
export * from './scheduling.module.js';
