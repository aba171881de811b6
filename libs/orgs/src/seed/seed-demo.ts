import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../common/roles.js';
import type { MembershipRole, MembershipStatus } from '../memberships/membership-kinds.js';
import type { CompetentBodyKind, OrganisationKind } from '../organisations/organisation-kinds.js';
import type { OccupationCategory } from '../people/person-kinds.js';
import { hashPassword } from '../users/password.js';

export const DEMO_PASSWORD = 'demo-password-2026';
const SINCE = '2020-01-01';

interface DemoOrg {
  code: string;
  name: string;
  kind: OrganisationKind;
  parent: string | null;
}

/** A small fictional province: 1 provincial committee, 2 upper, 3 base (one with a sub-base), 6 cells (one base cell). */
const ORGS: DemoOrg[] = [
  { code: 'DEMO-TU', name: 'Đảng bộ tỉnh Minh Sơn', kind: 'provincialCommittee', parent: null },
  { code: 'DEMO-XA-AN-HOA', name: 'Đảng bộ xã An Hòa', kind: 'upperCommittee', parent: 'DEMO-TU' },
  { code: 'DEMO-PHUONG-BINH-MINH', name: 'Đảng bộ phường Bình Minh', kind: 'upperCommittee', parent: 'DEMO-TU' },
  { code: 'DEMO-DU-MAY', name: 'Đảng bộ Công ty Cổ phần May An Hòa', kind: 'baseCommittee', parent: 'DEMO-XA-AN-HOA' },
  { code: 'DEMO-DUBP-PX', name: 'Đảng bộ bộ phận Phân xưởng may', kind: 'subBaseCommittee', parent: 'DEMO-DU-MAY' },
  { code: 'DEMO-CB-TOMAY1', name: 'Chi bộ Tổ may số 1', kind: 'cell', parent: 'DEMO-DUBP-PX' },
  { code: 'DEMO-CB-VANPHONG', name: 'Chi bộ Văn phòng Công ty', kind: 'cell', parent: 'DEMO-DU-MAY' },
  { code: 'DEMO-DU-DAIHOC', name: 'Đảng bộ Trường Đại học An Hòa', kind: 'baseCommittee', parent: 'DEMO-XA-AN-HOA' },
  { code: 'DEMO-CB-SINHVIEN', name: 'Chi bộ Sinh viên', kind: 'cell', parent: 'DEMO-DU-DAIHOC' },
  { code: 'DEMO-CB-GIANGVIEN', name: 'Chi bộ Giảng viên', kind: 'cell', parent: 'DEMO-DU-DAIHOC' },
  { code: 'DEMO-DU-KDC', name: 'Đảng bộ Khu dân cư Bình Minh', kind: 'baseCommittee', parent: 'DEMO-PHUONG-BINH-MINH' },
  { code: 'DEMO-CB-TDP1', name: 'Chi bộ Tổ dân phố số 1', kind: 'cell', parent: 'DEMO-DU-KDC' },
  { code: 'DEMO-CBCS-THCS', name: 'Chi bộ cơ sở Trường THCS Bình Minh', kind: 'baseCell', parent: 'DEMO-PHUONG-BINH-MINH' },
];

/** Who decides: the upper committees' standing committees, except the university (a delegated base committee). */
const COMPETENCE: { org: string; committee: string; body: CompetentBodyKind }[] = [
  { org: 'DEMO-XA-AN-HOA', committee: 'DEMO-XA-AN-HOA', body: 'standingCommittee' },
  { org: 'DEMO-PHUONG-BINH-MINH', committee: 'DEMO-PHUONG-BINH-MINH', body: 'standingCommittee' },
  { org: 'DEMO-DU-DAIHOC', committee: 'DEMO-DU-DAIHOC', body: 'delegatedBaseCommittee' },
];

const HAMLETS: { code: string; name: string; area: string; cell: string | null }[] = [
  { code: 'DEMO-TDP-1', name: 'Tổ dân phố số 1', area: 'DEMO-PHUONG-BINH-MINH', cell: 'DEMO-CB-TDP1' },
  { code: 'DEMO-TDP-2', name: 'Tổ dân phố số 2', area: 'DEMO-PHUONG-BINH-MINH', cell: null },
  { code: 'DEMO-THON-DONG', name: 'Thôn Đông', area: 'DEMO-XA-AN-HOA', cell: null },
  { code: 'DEMO-THON-TAY', name: 'Thôn Tây', area: 'DEMO-XA-AN-HOA', cell: null },
];

/** Full members per cell; TDP1 is scenario S-2 (9 full members, one temporarily elsewhere). */
const CELL_SIZES: Record<string, { size: number; occupation: OccupationCategory; elsewhere?: number }> = {
  'DEMO-CB-TOMAY1': { size: 7, occupation: 'privateEnterprise' },
  'DEMO-CB-VANPHONG': { size: 5, occupation: 'privateEnterprise' },
  'DEMO-CB-SINHVIEN': { size: 6, occupation: 'student' },
  'DEMO-CB-GIANGVIEN': { size: 8, occupation: 'publicEmployee' },
  'DEMO-CB-TDP1': { size: 9, occupation: 'other', elsewhere: 1 },
  'DEMO-CBCS-THCS': { size: 5, occupation: 'publicEmployee' },
};

/**
 * Committee members of the base committees and standing members of the upper committees, taken from their cells.
 * The university's committee is scenario S-1's: 9 members, one on temporary transfer, so a resolution
 * it passes as the base committee counts 8 sitting members (QĐ294 §9.3.3) and an admission it decides
 * as the delegated base committee counts its 9 members in total (HD06 §3.7a).
 */
const COMMITTEES: { body: string; role: MembershipRole; from: string[]; count: number; elsewhere?: number }[] = [
  { body: 'DEMO-DU-MAY', role: 'committeeMember', from: ['DEMO-CB-TOMAY1', 'DEMO-CB-VANPHONG'], count: 5 },
  { body: 'DEMO-DU-DAIHOC', role: 'committeeMember', from: ['DEMO-CB-GIANGVIEN', 'DEMO-CB-SINHVIEN'], count: 9, elsewhere: 1 },
  { body: 'DEMO-DU-KDC', role: 'committeeMember', from: ['DEMO-CB-TDP1'], count: 5 },
];

const USERS: { username: string; role: Role; scope: string | null }[] = [
  { username: 'admin', role: 'admin', scope: null },
  { username: 'chiuy', role: 'cellCommittee', scope: 'DEMO-CB-SINHVIEN' },
  { username: 'danguy', role: 'baseCommitteeStaff', scope: 'DEMO-DU-DAIHOC' },
  { username: 'thuongvu', role: 'competentStaff', scope: 'DEMO-XA-AN-HOA' },
  { username: 'bantochuc', role: 'organisationDepartment', scope: 'DEMO-TU' },
  { username: 'kiemtra', role: 'inspection', scope: 'DEMO-TU' },
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quang', 'Ngọc', 'Hữu'];
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hương',
  'Khánh',
  'Lan',
  'Long',
  'Mai',
  'Nam',
  'Phương',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trung',
  'Yến',
];

export interface DemoSeedResult {
  organisations: Record<string, string>;
  users: Record<string, string>;
}

/** A deterministic demo province with members and one user per role (password DEMO_PASSWORD). Idempotent. */
export async function seedDemoOrgs(ds: DataSource): Promise<DemoSeedResult> {
  // Hash outside the transaction (slow), only for users that do not exist yet.
  const existing = new Set<string>(
    (await ds.query(`SELECT username FROM users WHERE username = ANY($1)`, [USERS.map((u) => u.username)])).map(
      (r: { username: string }) => r.username,
    ),
  );
  const hashes = new Map<string, string>();
  for (const u of USERS) if (!existing.has(u.username)) hashes.set(u.username, await hashPassword(DEMO_PASSWORD));

  return ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('seedDemoOrgs'))`);
    const orgIds: Record<string, string> = {};
    for (const o of ORGS) {
      await em.query(
        `INSERT INTO organisations (code, name, kind, parent_id, valid_from) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING`,
        [o.code, o.name, o.kind, o.parent ? orgIds[o.parent] : null, SINCE],
      );
      orgIds[o.code] = await idOf(em, `SELECT id FROM organisations WHERE code = $1`, [o.code]);
    }
    for (const c of COMPETENCE) {
      await em.query(
        `INSERT INTO organisation_competences (organisation_id, competent_committee_id, body, valid_from) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organisation_id, valid_from) DO NOTHING`,
        [orgIds[c.org], orgIds[c.committee], c.body, SINCE],
      );
    }
    for (const h of HAMLETS) {
      await em.query(
        `INSERT INTO hamlets (code, name, area_organisation_id, cell_id, valid_from) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING`,
        [h.code, h.name, orgIds[h.area], h.cell ? orgIds[h.cell] : null, SINCE],
      );
    }

    // People: deterministic names; each is a full member of a cell, the first of each cell on its committee.
    const cellMembers: Record<string, string[]> = {};
    let n = 0;
    for (const [cell, spec] of Object.entries(CELL_SIZES)) {
      cellMembers[cell] = [];
      for (let i = 0; i < spec.size; i++, n++) {
        const fullName = `${FAMILY[n % FAMILY.length]} ${MIDDLE[(n * 3) % MIDDLE.length]} ${GIVEN[(n * 7) % GIVEN.length]}`;
        const birthDate = `${1965 + (n % 30)}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 27) + 1).padStart(2, '0')}`;
        const personId = await ensurePerson(em, orgIds[cell]!, fullName, birthDate, n % 2 === 0 ? 'male' : 'female', spec.occupation);
        const status: MembershipStatus = spec.elsewhere && i >= spec.size - spec.elsewhere ? 'temporarilyElsewhere' : 'full';
        await ensureMembership(em, personId, orgIds[cell]!, i === 0 ? 'committeeMember' : 'member', status);
        cellMembers[cell].push(personId);
      }
    }
    for (const c of COMMITTEES) {
      const pool = c.from.flatMap((cell) => cellMembers[cell] ?? []).slice(0, c.count);
      for (const [i, personId] of pool.entries())
        await ensureMembership(em, personId, orgIds[c.body]!, i < 3 ? 'standingMember' : c.role, c.elsewhere && i >= c.count - c.elsewhere ? 'temporarilyElsewhere' : 'full');
    }
    // Upper committees: standing members registered with the committee itself.
    for (const upper of ['DEMO-XA-AN-HOA', 'DEMO-PHUONG-BINH-MINH']) {
      for (let i = 0; i < 7; i++, n++) {
        const fullName = `${FAMILY[(n + 3) % FAMILY.length]} ${MIDDLE[(n * 5) % MIDDLE.length]} ${GIVEN[(n * 11) % GIVEN.length]}`;
        const personId = await ensurePerson(
          em,
          orgIds[upper]!,
          fullName,
          `${1968 + (i % 15)}-0${(i % 9) + 1}-1${i % 9}`,
          i % 3 === 0 ? 'female' : 'male',
          'civilServant',
        );
        await ensureMembership(em, personId, orgIds[upper]!, 'standingMember', 'full');
      }
    }

    const userIds: Record<string, string> = {};
    for (const u of USERS) {
      const hash = hashes.get(u.username);
      if (hash)
        await em.query(`INSERT INTO users (username, password_hash) VALUES ($1, $2) ON CONFLICT (username) DO NOTHING`, [u.username, hash]);
      userIds[u.username] = await idOf(em, `SELECT id FROM users WHERE username = $1`, [u.username]);
      const scope = u.scope ? orgIds[u.scope]! : null;
      await em.query(
        `INSERT INTO role_grants (user_id, role, organisation_id, valid_from)
         SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM role_grants WHERE user_id = $1 AND role = $2 AND organisation_id IS NOT DISTINCT FROM $3)`,
        [userIds[u.username], u.role, scope, SINCE],
      );
    }
    return { organisations: orgIds, users: userIds };
  });
}

async function idOf(em: EntityManager, sql: string, params: unknown[]): Promise<string> {
  const rows: { id: string }[] = await em.query(sql, params);
  if (!rows[0]) throw new Error(`seed: no row for ${String(params[0])}`);
  return rows[0].id;
}

async function ensurePerson(
  em: EntityManager,
  organisationId: string,
  fullName: string,
  birthDate: string,
  sex: 'male' | 'female',
  occupation: OccupationCategory,
): Promise<string> {
  const found: { id: string }[] = await em.query(
    `SELECT id FROM people WHERE organisation_id = $1 AND full_name = $2 AND birth_date = $3`,
    [organisationId, fullName, birthDate],
  );
  if (found[0]) return found[0].id;
  return idOf(
    em,
    `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
     VALUES ($1, $2, $3, $4, 'Kinh', $5, 'university') RETURNING id`,
    [organisationId, fullName, birthDate, sex, occupation],
  );
}

async function ensureMembership(
  em: EntityManager,
  personId: string,
  bodyId: string,
  role: MembershipRole,
  status: MembershipStatus,
): Promise<void> {
  await em.query(
    `INSERT INTO memberships (person_id, body_id, role, status, valid_from)
     SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM memberships WHERE person_id = $1 AND body_id = $2)`,
    [personId, bodyId, role, status, SINCE],
  );
}
