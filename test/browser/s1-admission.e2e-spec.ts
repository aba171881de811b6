// Scenario S-1 of scenarios.md (the ordinary path) taken through the UI, from the sympathiser list
// to probationary member, each step recorded by the body that acts (chi ủy, đảng ủy, cấp có
// thẩm quyền), with one step refused by a rule and the refusal explained on screen.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoOrgs } from '../../libs/orgs/src/seed/seed-demo.js';
import { launchBrowser, newPage, signIn, startWebApp, type WebApp } from './browser.js';

jest.setTimeout(240_000);

type Fill = Record<string, string | boolean>;

/**
 * What the user did for each step (issue 19's clicks per step): clicks (open the step, record it),
 * picks (a member or a request chosen from a list), typed fields (text, numbers, dates), ticks, and
 * the fields the form had already filled (from the roster) that needed nothing. Written to
 * tmp/s1-clicks.json; docs/ui.md gives the table.
 */
interface Tally {
  step: string;
  clicks: number;
  picks: number;
  typed: number;
  ticks: number;
  /** The fields chosen from a list (members, requests, options). */
  picked: string[];
  prefilled: string[];
}
const tallies: Tally[] = [];

/** Opens the step's generated form, fills it by field path, records it; returns the outcome. */
async function record(page: Page, type: string, fill: Fill): Promise<'saved' | 'refused' | 'error'> {
  const tally: Tally = { step: type, clicks: 0, picks: 0, typed: 0, ticks: 0, picked: [], prefilled: [] };
  tallies.push(tally);
  const button = page.locator(`button[data-event="${type}"]`);
  await button.waitFor({ timeout: 15_000 }).catch(async () => {
    throw new Error(`${type} is not offered; on screen:\n${(await page.locator('section[aria-labelledby="next-h"]').innerText()).slice(0, 2000)}`);
  });
  if ((await button.getAttribute('aria-expanded')) !== 'true') {
    await button.click();
    tally.clicks++;
  }
  const form = page.locator(`form[data-event-type="${type}"]`);
  await form.waitFor();
  for (const [path, value] of Object.entries(fill)) {
    const input = form.locator(`[name="${path}"]`);
    const tag = await input.evaluate((el) => el.tagName.toLowerCase());
    if (typeof value === 'boolean') {
      if ((await input.isChecked()) === value) tally.prefilled.push(path);
      else {
        await input.setChecked(value);
        tally.ticks++;
      }
      continue;
    }
    // A field the form already holds (the roster's figure, the only motion of the step) needs nothing.
    if (tag === 'select') {
      // The select may be waiting for its options (the roster is read on the step's date).
      await input.locator(`option[value="${value}"]`).waitFor({ state: 'attached' });
      if ((await input.inputValue()) === value) tally.prefilled.push(path);
      else {
        await input.selectOption(value);
        tally.picks++;
        tally.picked.push(path);
      }
    } else if ((await input.inputValue()) === value) tally.prefilled.push(path);
    else {
      await input.fill(value);
      tally.typed++;
    }
  }
  await form.getByRole('button', { name: 'Ghi nhận' }).click();
  tally.clicks++;
  const outcome = await Promise.race([
    page.getByText('Đã ghi nhận. Hồ sơ đã được cập nhật.').waitFor().then(() => 'saved' as const),
    form.locator('[data-problem="refusal"]').waitFor().then(() => 'refused' as const),
    form.locator('.alert-error').first().waitFor().then(() => 'error' as const),
  ]).catch(async (err: unknown) => {
    const text = (await form.isVisible()) ? await form.innerText() : await page.locator('main').innerText();
    throw new Error(`${type}: no outcome (${String(err).split('\n')[0]}); on screen:\n${text.slice(0, 1500)}`);
  });
  if (outcome === 'error') throw new Error(`${type}: ${await form.locator('.alert-error').first().innerText()}`);
  return outcome;
}

describe('S-1 through the UI: sympathiser to probationary member', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;
  let cellId: string;
  let baseId: string;
  let helper: { id: string; name: string };

  beforeAll(async () => {
    web = await startWebApp();
    const ds = web.t.app.get((await import('typeorm')).DataSource) as DataSource;
    const seeded = await seedDemoOrgs(ds);
    cellId = seeded.organisations['DEMO-CB-SINHVIEN']!;
    baseId = seeded.organisations['DEMO-DU-DAIHOC']!;
    // S-1's cell has 15 full members and its base committee 8 members: top the demo rolls up.
    const roll = async (body: string, role: string, want: number) => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM memberships WHERE body_id = $1 AND status = 'full'`, [body]);
      for (let k = n; k < want; k++) {
        const [p] = await ds.query(
          `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
           VALUES ($1, $2, '1990-01-15', 'male', 'Kinh', 'publicEmployee', 'university') RETURNING id`,
          [body, `Đảng viên bổ sung ${k + 1}`],
        );
        await ds.query(`INSERT INTO memberships (person_id, body_id, role, status, valid_from) VALUES ($1, $2, $3, 'full', '2020-01-01')`, [p.id, body, role]);
      }
    };
    await roll(cellId, 'member', 15);
    await roll(baseId, 'committeeMember', 8);
    const [h] = await ds.query(
      `SELECT p.id, p.full_name AS name FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.body_id = $1 AND m.status = 'full' ORDER BY p.full_name LIMIT 1`,
      [cellId],
    );
    helper = h;
    const [person] = await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, 'Nguyễn Thị Lan', '2004-05-12', 'female', 'Kinh', 'student', 'upperSecondary') RETURNING id`,
      [cellId],
    );
    // The UI has no "open a case" form yet: the case is opened through the API, as chiuy.
    const { accessToken } = (await (
      await fetch(`${web.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'chiuy', password: DEMO_PASSWORD }),
      })
    ).json()) as { accessToken: string };
    const opened = await fetch(`${web.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ personId: person.id, organisationId: cellId, candidate: { youthUnionMember: true } }),
    });
    if (opened.status !== 201) throw new Error(`POST /cases: ${opened.status} ${await opened.text()}`);
    caseId = ((await opened.json()) as { id: string }).id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const as = async (username: string): Promise<Page> => {
    const { page } = await newPage(browser);
    await signIn(page, web.baseUrl, username, DEMO_PASSWORD);
    await page.goto(`${web.baseUrl}/#/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Nguyễn Thị Lan', level: 1 }).waitFor();
    return page;
  };
  // Members are picked from the cell's roster: the name and status come with the pick.
  const helperFill = (prefix: string): Fill => ({ [`${prefix}.memberId`]: helper.id });

  it('takes the case to probationary member, explaining the blocked step with its rule', async () => {
    let page = await as('chiuy');
    expect(await record(page, 'sympathiser.listed', { resolutionDate: '2025-01-06', ...helperFill('helper') })).toBe('saved');
    expect(await record(page, 'awarenessCourse.certified', { issuedOn: '2025-02-14' })).toBe('saved');
    await page.context().close();

    page = await as('danguy');
    expect(await record(page, 'dossier.cleared', { decisionDate: '2025-03-03' })).toBe('saved');
    await page.context().close();

    page = await as('chiuy');
    expect(await record(page, 'application.filed', { date: '2025-03-10' })).toBe('saved');
    expect(await record(page, 'background.declared', { date: '2025-03-12' })).toBe('saved');
    await page.context().close();

    page = await as('danguy');
    expect(await record(page, 'backgroundCheck.requested', { requestId: 'TT-2025-01', subject: 'candidate', abroad: false, sentOn: '2025-03-14', receivedOn: '2025-03-14' })).toBe(
      'saved',
    );
    // The verification answer is due 30 working days after receipt: 2025-04-26 (a make-up Saturday).
    await page.locator('[data-timer="backgroundCheckAnswer"]', { hasText: '26/04/2025' }).waitFor();
    expect(await record(page, 'backgroundCheck.answered', { requestId: 'TT-2025-01', answeredOn: '2025-04-08', finding: 'clear' })).toBe('saved');
    expect(await record(page, 'background.certified', { date: '2025-04-10', politicalIssue: false })).toBe('saved');
    await page.context().close();

    page = await as('chiuy');
    expect(await record(page, 'introduction.youthUnionResolved', { resolutionDate: '2025-04-21' })).toBe('saved');
    expect(
      await record(page, 'introduction.memberRecorded', {
        introducerId: helper.id,
        alongsideSince: '2023-09-01',
        letterDate: '2025-04-21',
      }),
    ).toBe('saved');
    expect(await record(page, 'opinions.consolidated', { date: '2025-04-25', residence: 'included' })).toBe('saved');

    // A blocked step, explained with its rule: judged as of today the dossier (cleared 2025-03-03) is
    // more than 12 months old; the vote is still recorded at its own date, 2025-10-06.
    const blocked = page.locator('[data-blocked="cell.admissionVoted"]');
    expect(await blocked.innerText()).toContain('COND-DOSSIER-FRESH');
    expect(await blocked.innerText()).toContain('HD06 §5.4a');
    expect(await record(page, 'cell.admissionVoted', { 'vote.motion': 'admit', 'vote.meetingDate': '2025-10-06', 'vote.eligible': '15', 'vote.for': '11', 'vote.against': '3' })).toBe(
      'saved',
    );
    // The decision is due 45 working days after the cell resolution: 2025-12-08.
    await page.locator('[data-timer="admissionDecision"]', { hasText: '08/12/2025' }).waitFor();
    await page.context().close();

    page = await as('danguy');
    expect(await record(page, 'base.admissionVoted', { 'vote.motion': 'admit', 'vote.meetingDate': '2025-10-09', 'vote.eligible': '8', 'vote.for': '6', 'vote.against': '2' })).toBe('saved');
    await page.context().close();

    page = await as('thuongvu');
    const decision = (votesFor: string): Fill => ({
      decisionNo: '123-QĐ/ĐU',
      signedOn: '2025-10-20',
      'vote.motion': 'admit',
      'vote.meetingDate': '2025-10-20',
      // The delegated base committee's roll on the meeting date as the roster counts it (PROC-COMPETENT-VOTE): 9.
      'vote.eligible': '9',
      'vote.for': votesFor,
      'vote.against': String(9 - Number(votesFor)),
      'decidedBy.id': baseId,
      'decidedBy.kind': 'delegatedBaseCommittee',
    });
    expect(await record(page, 'decision.admissionSigned', decision('6'))).toBe('saved');
    await page.context().close();

    page = await as('chiuy');
    expect(await record(page, 'decision.receivedByCell', { receivedOn: '2025-10-21' })).toBe('saved');
    // The ceremony is due 30 working days after the cell received the decision: 2025-12-02.
    await page.locator('[data-timer="ceremony"]', { hasText: '02/12/2025' }).waitFor();
    expect(await record(page, 'ceremony.held', { heldOn: '2025-11-07', ...helperFill('helper'), oathRead: true })).toBe('saved');
    expect(await page.getByTestId('case-state').getAttribute('data-state')).toMatch(/probation/);
    // Probation ends 12 months after the ceremony.
    await page.locator('[data-timer="probationEnd"]', { hasText: '07/11/2026' }).waitFor();
    // The timeline and the votes show what was recorded.
    expect(await page.locator('.timeline li').count()).toBeGreaterThanOrEqual(15);
    expect(await page.locator('#votes-h + * , section[aria-labelledby="votes-h"] tbody tr').count()).toBeGreaterThanOrEqual(3);
    await page.context().close();

    fs.mkdirSync(path.join(process.cwd(), 'tmp'), { recursive: true });
    fs.writeFileSync(path.join(process.cwd(), 'tmp', 's1-clicks.json'), `${JSON.stringify(tallies, null, 2)}\n`);
    // The votes' eligible counts came from the rosters (the cell's, the committees'): nothing typed.
    const of = (step: string) => tallies.find((x) => x.step === step)!;
    expect(of('cell.admissionVoted').prefilled).toContain('vote.eligible');
    expect(of('base.admissionVoted').prefilled).toContain('vote.eligible');
    expect(of('decision.admissionSigned').prefilled).toContain('vote.eligible');
    // The helper, the introducer and the request answered are one pick each, not typed.
    expect(of('sympathiser.listed').picked).toEqual(['helper.memberId']);
    expect(of('introduction.memberRecorded').picked).toEqual(['introducerId']);
    expect(of('backgroundCheck.answered').picked).toContain('requestId');
  });
});
