import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Tests run what production runs (docs/adr/0006-one-module-format.md): tsc (module nodenext) emits
// ES modules into dist/ because package.json says "type": "module", and Jest's transpiler emits ES
// modules too. Without this check, dropping "type" would pass every other test: the CommonJS build
// also starts, only no longer in the format the suite ran.
const json = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(process.cwd(), file), 'utf8')) as Record<string, unknown>;

describe('one module format', () => {
  it('dist/ is ES modules: package.json "type": "module" and tsc module nodenext', () => {
    expect(json('package.json').type).toBe('module');
    expect((json('tsconfig.json').compilerOptions as Record<string, unknown>).module).toBe('nodenext');
  });

  it('every Jest project transpiles TypeScript to ES modules', async () => {
    const config = (await import(pathToFileURL(path.join(process.cwd(), 'jest.config.mjs')).href)) as {
      default: { projects: { displayName: string; transform: Record<string, [string, { module: { type: string } }]> }[] };
    };
    const projects = config.default.projects;
    expect(projects.length).toBeGreaterThan(1);
    for (const p of projects) {
      const transforms = Object.values(p.transform);
      expect(transforms.length).toBeGreaterThan(0);
      for (const [, options] of transforms)
        expect({ project: p.displayName, module: options.module.type }).toEqual({ project: p.displayName, module: 'es6' });
    }
  });
});
