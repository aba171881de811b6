import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// Services say nothing to people in their own words: their texts live in libs/messages, keyed by
// code (message('ORGS.USER_NOT_FOUND')). This scan refuses a new inline 'Vietnamese / English'
// literal in any *.service.ts of the libraries and apps.
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
const BILINGUAL = /(['`])([^'`\n]*) \/ ([A-Za-z{$][^'`\n]*)\1/g;

function services(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : services(full);
    return e.name.endsWith('.service.ts') ? [full] : [];
  });
}

describe('services and the message catalogue', () => {
  it('no *.service.ts holds an inline bilingual text', () => {
    const files = ['libs', 'apps'].flatMap((d) => services(path.join(process.cwd(), d)));
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(BILINGUAL)]
        .filter((m) => VIETNAMESE.test(m[2]!))
        .map((m) => `${path.relative(process.cwd(), f)}: ${m[0]}`),
    );
    expect(found).toEqual([]);
  });
});
