import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderEventsDoc, renderProcedureDoc, renderRulesDoc } from './docs-render.js';

const DOCS: Record<string, () => string> = {
  'docs/rules.md': renderRulesDoc,
  'docs/events.md': renderEventsDoc,
  'docs/procedure.md': renderProcedureDoc,
};

describe('generated docs', () => {
  for (const [file, render] of Object.entries(DOCS)) {
    it(`${file} matches the code`, () => {
      const target = path.join(process.cwd(), file);
      const rendered = render();
      if (process.env['UPDATE_DOCS'] === '1') {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, rendered);
      }
      expect(existsSync(target)).toBe(true);
      // Stale docs fail here: regenerate with UPDATE_DOCS=1.
      expect(readFileSync(target, 'utf8')).toBe(rendered);
    });
  }
});
