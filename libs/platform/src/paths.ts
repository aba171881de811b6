import * as path from 'node:path';

/**
 * The one place that locates files: everything is rooted at APP_ROOT (default: the process's
 * working directory, the repository or image root), never at a module's own location, so the
 * compiled dist/, the Jest runner (which maps imports to the sources) and a copied image agree.
 */
export function appRoot(): string {
  return process.env.APP_ROOT ? path.resolve(process.env.APP_ROOT) : process.cwd();
}

export const paths = {
  root: (): string => appRoot(),
  config: (...segments: string[]): string => path.join(appRoot(), 'config', ...segments),
  calendarDir: (): string => path.join(appRoot(), 'config', 'calendar'),
  webDist: (): string => path.join(appRoot(), 'dist', 'web'),
  docs: (...segments: string[]): string => path.join(appRoot(), 'docs', ...segments),
};
