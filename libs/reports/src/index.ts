// The only door into the reports library: compliance checks, violations, reports and targets.
export * from './errors.js';
export * from './compliance/case-record.js';
export * from './compliance/checks.js';
export * from './compliance/compliance.service.js';
export * from './compliance/violations.service.js';
export * from './compliance/reaudit.jobs.js';
export * from './jobs/job-store.js';
export * from './reports/categories.js';
export * from './reports/periods.js';
export * from './reports/reports.service.js';
export * from './reports/targets.service.js';
export * from './reports/export.js';
export * from './reports.module.js';
