import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheBus, type LocalCache } from '#platform';
import type { IsoDate } from '../common/dates.js';
import { OrgsError, notFound } from '../common/errors.js';
import { COMPETENT_BODY_KINDS, type CompetentBodyKind, type OrganisationKind } from './organisation-kinds.js';
import { ORGS_CACHE, type OrganisationView, OrganisationService, assertDate } from './organisation.service.js';
import { type EffectiveSettings, type OrgSettings, applySettings, centralSettings, validateSettings } from './org-settings.js';
import { message } from '#messages';

export interface CompetenceView {
  /** The organisation whose setting applies (the organisation itself or its nearest configured ancestor). */
  definedAt: string;
  validFrom: IsoDate;
  competentCommittee: OrganisationView;
  body: CompetentBodyKind;
  /** A base committee delegated to admit (its whole committee decides, ≥ 2/3). */
  delegated: boolean;
  /** Supervises the competent committee (escalations): as set, or the competent committee's parent. */
  supervisor: OrganisationView | null;
}

export interface Resolution {
  /** The organisation standing for the one asked about on the date (its successor if it was merged). */
  organisation: OrganisationView;
  competence: CompetenceView | null;
}

export interface SetCompetenceInput {
  organisationId: string;
  competentCommitteeId: string;
  body: CompetentBodyKind;
  supervisorId?: string | null;
  validFrom: IsoDate;
}

const COMMITTEE_KINDS: readonly OrganisationKind[] = ['provincialCommittee', 'upperCommittee', 'districtCommittee', 'baseCommittee'];

/** Per level of the tree (root first), the dated settings rows of that level's organisation, oldest first. */
type SettingsTimeline = { validFrom: string; settings: OrgSettings }[][];

/** Dated per-organisation configuration: the competent committee and supervisor, and local settings (I-7). */
@Injectable()
export class OrganisationConfigService {
  /**
   * Per organisation, every dated settings row of it and its ancestors (root first): the settings
   * in force on any date are computed from it, so a transition dated on a new day reads nothing.
   * Dropped on every instance when any settings change (ORGS_CACHE).
   */
  private readonly settings?: LocalCache<SettingsTimeline>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly orgs: OrganisationService,
    @Optional() private readonly bus?: CacheBus,
  ) {
    if (bus) {
      const settings = bus.cache<SettingsTimeline>(ORGS_CACHE);
      bus.on(ORGS_CACHE, () => settings.drop());
      this.settings = settings;
    }
  }

  async setCompetence(input: SetCompetenceInput): Promise<CompetenceView> {
    assertDate(input.validFrom, 'validFrom');
    if (!(COMPETENT_BODY_KINDS as readonly string[]).includes(input.body))
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.UNKNOWN_BODY'));
    await this.orgs.get(input.organisationId);
    const committee = await this.orgs.get(input.competentCommitteeId);
    if (!COMMITTEE_KINDS.includes(committee.kind))
      throw new OrgsError('ORGS.INVALID', message('ORGS.COMPETENT_BODY_MUST_COMMITTEE'));
    if (input.body === 'delegatedBaseCommittee' && committee.kind !== 'baseCommittee')
      throw new OrgsError('ORGS.INVALID', message('ORGS.ONLY_BASE_COMMITTEE_CAN_DELEGATED'));
    if (!(await this.orgs.isWithin(input.organisationId, input.competentCommitteeId)))
      throw new OrgsError(
        'ORGS.INVALID',
        message('ORGS.COMPETENT_COMMITTEE_MUST_ABOVE_ORGANISATION'),
      );
    if (input.supervisorId) await this.orgs.get(input.supervisorId);
    await this.ds.query(
      `INSERT INTO organisation_competences (organisation_id, competent_committee_id, body, supervisor_id, valid_from)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organisation_id, valid_from) DO UPDATE SET competent_committee_id = EXCLUDED.competent_committee_id,
         body = EXCLUDED.body, supervisor_id = EXCLUDED.supervisor_id`,
      [input.organisationId, input.competentCommitteeId, input.body, input.supervisorId ?? null, input.validFrom],
    );
    const view = await this.competenceOn(input.organisationId, input.validFrom);
    if (!view) throw new Error('competence just written is missing');
    return view;
  }

  /** The competent committee for an organisation on a date: its own setting or its nearest ancestor's. */
  async competenceOn(organisationId: string, date: IsoDate): Promise<CompetenceView | null> {
    assertDate(date);
    const rows: {
      definedAt: string;
      validFrom: string;
      competentCommitteeId: string;
      body: CompetentBodyKind;
      supervisorId: string | null;
    }[] = await this.ds.query(
      `SELECT oc.organisation_id AS "definedAt", oc.valid_from::text AS "validFrom", oc.competent_committee_id AS "competentCommitteeId",
                oc.body, oc.supervisor_id AS "supervisorId"
         FROM organisation_closure c JOIN organisation_competences oc ON oc.organisation_id = c.ancestor_id
         WHERE c.descendant_id = $1 AND oc.valid_from <= $2::date
         ORDER BY c.depth, oc.valid_from DESC LIMIT 1`,
      [organisationId, date],
    );
    const row = rows[0];
    if (!row) return null;
    const committee = await this.orgs.get(row.competentCommitteeId);
    const supervisorId = row.supervisorId ?? committee.parentId;
    return {
      definedAt: row.definedAt,
      validFrom: row.validFrom,
      competentCommittee: committee,
      body: row.body,
      delegated: row.body === 'delegatedBaseCommittee',
      supervisor: supervisorId ? await this.orgs.get(supervisorId) : null,
    };
  }

  /** The organisation as of a date (following successions) and its competent committee then. */
  async resolve(organisationId: string, date: IsoDate): Promise<Resolution> {
    const organisation = await this.orgs.standingFor(organisationId, date);
    if (!organisation) throw notFound(message('ORGS.NO_ORGANISATION_STANDS_FOR_ON'));
    return { organisation, competence: await this.competenceOn(organisation.id, date) };
  }

  /** Settings in force for an organisation on a date: central values, then each ancestor's, then its own. */
  async effectiveSettings(organisationId: string, date: IsoDate): Promise<EffectiveSettings> {
    assertDate(date);
    let timeline = this.settings?.get(organisationId);
    if (!timeline) {
      const mark = this.settings?.mark() ?? 0;
      timeline = await this.readTimeline(organisationId);
      this.settings?.set(organisationId, timeline, mark);
    }
    // Central values, then each ancestor's (root first), then its own: each level's latest row from on or before the date.
    let acc = centralSettings();
    for (const level of timeline) {
      let inForce: OrgSettings | undefined;
      for (const r of level) if (r.validFrom <= date) inForce = r.settings;
      if (inForce) acc = applySettings(acc, structuredClone(inForce));
    }
    return acc;
  }

  /** Every settings row of the organisation and its ancestors, grouped per level (root first), each level by valid_from. */
  private async readTimeline(organisationId: string): Promise<SettingsTimeline> {
    const rows: { depth: number; valid_from: string; settings: OrgSettings }[] = await this.ds.query(
      `SELECT c.depth, s.valid_from::text AS valid_from, s.settings FROM organisation_closure c
         JOIN organisation_settings s ON s.organisation_id = c.ancestor_id
        WHERE c.descendant_id = $1 ORDER BY c.depth DESC, s.valid_from`,
      [organisationId],
    );
    const levels = new Map<number, { validFrom: string; settings: OrgSettings }[]>();
    for (const r of rows) {
      const level = levels.get(r.depth) ?? [];
      level.push({ validFrom: r.valid_from, settings: r.settings });
      levels.set(r.depth, level);
    }
    return [...levels.values()];
  }

  /**
   * Replace an organisation's own settings from `validFrom`. Malformed: ORGS.INVALID_INPUT (400);
   * a value loosening the central rule or an ancestor's: ORGS.SETTING_LOOSENS (422).
   */
  async setSettings(organisationId: string, validFrom: IsoDate, raw: unknown): Promise<{ own: OrgSettings; effective: EffectiveSettings }> {
    assertDate(validFrom, 'validFrom');
    const org = await this.orgs.get(organisationId);
    const inherited = org.parentId ? await this.effectiveSettings(org.parentId, validFrom) : centralSettings();
    const { settings, problems } = validateSettings(raw, inherited, validFrom);
    const malformed = problems.filter((p) => p.kind === 'invalid');
    if (malformed.length > 0)
      throw new OrgsError('ORGS.INVALID_INPUT', message('ORGS.INVALID_SETTINGS'), {
        errors: malformed.map((p) => ({ field: `settings.${p.field}`, messages: [p.message] })),
      });
    const loosening = problems.filter((p) => p.kind === 'loosens');
    if (loosening.length > 0)
      throw new OrgsError(
        'ORGS.SETTING_LOOSENS',
        message('ORGS.LOCAL_RULES_MAY_ONLY_TIGHTEN'),
        {
          rules: loosening.map((p) => ({ id: 'I-7', field: `settings.${p.field}`, message: p.message })),
        },
      );
    await this.ds.query(
      `INSERT INTO organisation_settings (organisation_id, valid_from, settings) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (organisation_id, valid_from) DO UPDATE SET settings = EXCLUDED.settings`,
      [organisationId, validFrom, JSON.stringify(settings)],
    );
    await this.bus?.invalidate(ORGS_CACHE);
    return { own: settings, effective: await this.effectiveSettings(organisationId, validFrom) };
  }
}
