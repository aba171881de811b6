import * as fs from 'node:fs';
import * as path from 'node:path';
import { appRoot } from '../paths.js';

/**
 * Load secrets and settings from ENV_FILE (the compose stack's generated secrets) or `.env` at the
 * application root, if present. Variables already set in the environment win.
 */
export function loadEnvFile(): void {
  const file = process.env.ENV_FILE ?? path.join(appRoot(), '.env');
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
