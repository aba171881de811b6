import * as fs from 'node:fs';
import * as path from 'node:path';
import { appRoot } from '../paths.js';

/** Load `.env` from the application root if present (secrets stay out of the repository). */
export function loadEnvFile(): void {
  const file = path.join(appRoot(), '.env');
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
