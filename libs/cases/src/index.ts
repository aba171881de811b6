// The only door into the case lifecycle library.
export * from './errors.js';
export * from './ports.js';
export * from './calendar/calendar.store.js';
export * from './commands/idempotency.js';
export * from './commands/case-commands.service.js';
export * from './commands/correction.service.js';
export * from './deadlines/deadline-planner.js';
export * from './deadlines/deadline-runner.js';
export * from './deadlines/deadline-operations.js';
export * from './deadlines/timer-repair.service.js';
export * from './persistence/case.repository.js';
export * from './queries/case-queries.service.js';
export * from './queries/todo-queries.service.js';
export * from './procedure/machine-procedure.js';
export * from './cases.module.js';
