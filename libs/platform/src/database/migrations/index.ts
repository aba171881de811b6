import { Init1764201600000 } from './1764201600000-init.js';

/**
 * Every migration, in order, as classes (not globs) so tests and dist/ load alike.
 * Never edit a merged migration: add a new one.
 */
export const MIGRATIONS = [Init1764201600000];
