// The language scan (issue 19): as the cell committee (chiuy), the base committee (danguy), the
// organisation department (bantochuc) and the inspection commission (kiemtra), walk every page the
// menu reaches (and a case, a violation from the lists) in the default language, Vietnamese, over
// the demo data of `ket-nap seed-demo`, and fail on what a Vietnamese reader should never see:
// English words, raw state or event names (camelCase, dotted.names), ISO dates, UUIDs,
// "null" / "undefined" / "NaN". The English toggle may show English; it is not tested here.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { seedDemoData } from '../../apps/cli/src/seed-demo.js';
import { DEMO_PASSWORD } from '../../libs/orgs/src/seed/seed-demo.js';
import { launchBrowser, newPage, signIn, startWebApp, type WebApp } from './browser.js';

jest.setTimeout(300_000);

/** Proper nouns (the language switch's names, the demo administrator's user name) and format names. */
const ALLOWED = new Set(['PDF', 'DOCX', 'CSV', 'XLSX', 'English', 'EN', 'VI', 'admin']);

/** Common English words of an interface; none is a Vietnamese syllable written without diacritics. */
const ENGLISH = new Set(
  (
    'the and with from this that these those into over under about your you our are was were has have had will would should could ' +
    'case cases open opened closed imported import pending always filed status state states step steps next none error errors loading ' +
    'save cancel back report reports audit user users role roles violation violations deadline deadlines event events true false yes ' +
    'not other unknown system total view details action actions outcome refused denied rejected failed done running queued waiting ' +
    'active completed delayed explained resolved member members full probationary candidate candidates vote votes decision decisions ' +
    'ceremony probation recognition admission admitted recognised removal removed withdrawn cell base competent committee inspection ' +
    'department admin administrator date dates time page search filter filters all any more less show hide edit delete create update ' +
    'submit apply clear reset download export upload file files name names organisation organisations unit units target targets ' +
    'year years month months day days working left overdue today yesterday tomorrow week weeks required optional invalid missing ' +
    'reason citation rule rules check checks list table sign signed signin logout login password username help home board notifications ' +
    'procedure diagram source sourcing dossier sympathiser awareness course certificate background application introduction opinions ' +
    'consolidated listed cleared answered requested declared certified held recorded correction corrected reminder reminders'
  ).split(/\s+/),
);

interface Finding {
  page: string;
  kind: string;
  text: string;
}

/** What the reader must not see in a page's text. */
export function scan(text: string): { kind: string; text: string }[] {
  const out: { kind: string; text: string }[] = [];
  const push = (kind: string, re: RegExp) => {
    for (const m of text.matchAll(re)) out.push({ kind, text: context(text, m.index ?? 0, m[0].length) });
  };
  push('ISO date', /\b\d{4}-\d{2}-\d{2}\b/g);
  push('UUID', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi);
  push('null/undefined/NaN', /\b(null|undefined|NaN)\b/g);
  // Whole ASCII tokens only: "ĐạtKhông" (two elements side by side) is not a camelCase name.
  push('dotted name', /(?<![\p{L}\p{M}\d])[a-z][a-zA-Z]*\.[a-z][a-zA-Z]+(?![\p{L}\p{M}])/gu);
  push('camelCase', /(?<![\p{L}\p{M}\d])[a-z]+[A-Z][a-zA-Z]*(?![\p{L}\p{M}])/gu);
  for (const m of text.matchAll(/[A-Za-z]+(?:'[a-z]+)?/g)) {
    const word = m[0];
    if (ALLOWED.has(word) || word === word.toUpperCase()) continue;
    if (ENGLISH.has(word.toLowerCase()) && isWholeWord(text, m.index ?? 0, word.length))
      out.push({ kind: 'English word', text: context(text, m.index ?? 0, word.length) });
  }
  return out;
}

/** A word of ASCII letters that is not part of a Vietnamese word with diacritics around it. */
function isWholeWord(text: string, at: number, len: number): boolean {
  const before = text[at - 1] ?? ' ';
  const after = text[at + len] ?? ' ';
  return !/[\p{L}\p{M}]/u.test(before) && !/[\p{L}\p{M}]/u.test(after);
}

function context(text: string, at: number, len: number): string {
  return text
    .slice(Math.max(0, at - 30), at + len + 30)
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the UI speaks Vietnamese on every page the menu reaches', () => {
  let web: WebApp;
  let browser: Browser;
  const findings: Finding[] = [];
  const visited: string[] = [];

  beforeAll(async () => {
    web = await startWebApp();
    await seedDemoData(web.t.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** Waits for the page's heading and the end of its loading, then scans the whole document's text. */
  async function check(page: Page, who: string, label: string): Promise<void> {
    await page.locator('main h1').first().waitFor({ timeout: 20_000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page
      .locator('.loading')
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    const text = await page.locator('body').innerText();
    const where = `${who} ${label} (${new URL(page.url()).hash.split('?')[0]})`;
    visited.push(where);
    for (const f of scan(text)) findings.push({ page: where, ...f });
  }

  async function walk(username: string): Promise<void> {
    const { page, errors } = await newPage(browser, { width: 1366, height: 900 });
    await signIn(page, web.baseUrl, username, DEMO_PASSWORD);
    await check(page, username, 'landing');
    const menu = await page.locator('nav.nav a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: (a.textContent ?? '').trim() })));
    expect(menu.length).toBeGreaterThanOrEqual(5);
    for (const item of menu) {
      await page.goto(`${web.baseUrl}/${item.href}`);
      await check(page, username, item.text);
      const hash = item.href.split('?')[0];
      if (hash === '#/cases') {
        const card = page.locator('.case-card a').first();
        if (await card.count()) {
          await card.click();
          await check(page, username, 'a case page');
        }
      }
      if (hash === '#/compliance') {
        const open = page.locator('table.violations-table tbody tr a[href^="#/violations/"]').first();
        if (await open.count()) {
          await open.click();
          await check(page, username, 'a violation');
        }
      }
      if (hash === '#/todo') {
        await page.getByRole('button', { name: 'Bảng' }).click();
        await page.locator('[data-testid="todo-table"], .empty').first().waitFor();
        await check(page, username, 'to-do table');
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  }

  it('chiuy, danguy, bantochuc and kiemtra see no English words, raw names, ISO dates, UUIDs or null on any page', async () => {
    for (const username of ['chiuy', 'danguy', 'bantochuc', 'kiemtra']) await walk(username);
    // Every kind of page was reached by someone.
    for (const hash of ['#/cases', '#/todo', '#/compliance', '#/violations/', '#/reports', '#/audit', '#/notifications', '#/procedure'])
      expect([hash, visited.some((v) => v.includes(`(${hash}`))]).toEqual([hash, true]);
    expect(visited.some((v) => v.includes('a case page'))).toBe(true);
    const report = findings.map((f) => `${f.page} · ${f.kind}: "${f.text}"`);
    expect(report).toEqual([]);
  });

  it('the scan itself catches each kind of defect (and lets Vietnamese through)', () => {
    expect(scan('Hạn: 10/07/2031 · còn 12 ngày làm việc · Chi bộ Sinh viên · Tải CSV · ✓ ĐạtKhông · PROC-CELL-VOTE').map((f) => f.kind)).toEqual([]);
    expect(scan('Bước: Imported · Đảng viên · Member').map((f) => f.text.length > 0 && f.kind)).toEqual(['English word', 'English word']);
    expect(scan('Opened 2026-12-02 by 0f8fad5b-d9cb-469f-a165-70867728950e: cellVote case.imported undefined').map((f) => f.kind).sort()).toEqual(
      // "Opened", and "case" and "imported" inside the dotted name.
      ['English word', 'English word', 'English word', 'ISO date', 'UUID', 'camelCase', 'dotted name', 'null/undefined/NaN'].sort(),
    );
  });
});
