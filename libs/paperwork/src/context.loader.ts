import { Injectable } from '@nestjs/common';
import { type Actor, CaseQueries } from '#cases';
import { OrganisationService, type OrganisationView } from '#orgs';
import type { Body, CaseEventRecord, DecisionRecord, OrgLine, PaperworkContext, VoteRecord } from './context.js';
import { nfc, upper } from './format.js';

const validOn = (o: OrganisationView, date: string) => o.validFrom <= date && (o.validTo === null || o.validTo > date);
const PLACE_PREFIX = /^Đảng bộ\s+(xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+/iu;

/** Committee bodies print as "Đảng ủy …" where their organisation is named "Đảng bộ …". */
const committeeName = (name: string) => name.replace(/^Đảng bộ/u, 'Đảng ủy');

/**
 * Loads what the forms read, through the case read (same scope: 404 outside the caller's subtree),
 * with each organisation's name as it was on a paper's date: a reorganised body keeps its old
 * name on the papers it issued before the change (the predecessor valid on that date), and a
 * paper dated after a body ended names the organisation standing for it then (its successor).
 */
@Injectable()
export class PaperworkContextLoader {
  constructor(
    private readonly queries: CaseQueries,
    private readonly orgs: OrganisationService,
  ) {}

  async load(actor: Actor, caseId: string): Promise<PaperworkContext> {
    const view = await this.queries.view(actor, caseId);
    const rawEvents = (await this.queries.events(actor, caseId)) as {
      seq: number | string;
      type: string;
      eventDate: unknown;
      payload: Record<string, unknown> | null;
      correctedBySeq?: unknown;
      corrected_by_seq?: unknown;
    }[];
    const facts = (view.facts ?? {}) as {
      decisionDate?: string;
      ceremonyDate?: string;
      recognitionDate?: string;
      org?: { isBaseCell?: boolean; hasSubBase?: boolean; delegatedBase?: boolean; competentBody?: { id?: string } };
    };
    const cellId = String(view.organisation?.id ?? '');
    const chain = await this.orgs.ancestors(cellId);
    const byKind = (kind: string) => chain.find((o) => o.kind === kind);
    const competentId = facts.org?.competentBody?.id;
    const competent = competentId ? ((await this.orgs.find(competentId).catch(() => null)) ?? undefined) : undefined;
    const roots: Partial<Record<Body, OrganisationView>> = {
      CELL: chain[0],
      SUB: byKind('subBaseCommittee'),
      BASE: byKind('baseCommittee') ?? (chain[0]?.kind === 'baseCell' ? chain[1] : undefined),
      COMPETENT: competent ?? chain.find((o) => o.kind === 'upperCommittee' || o.kind === 'districtCommittee'),
    };
    // Every organisation a header may name: the chain, the competent body, their predecessors and parents.
    const known = new Map<string, OrganisationView>(chain.map((o) => [o.id, o]));
    if (competent) known.set(competent.id, competent);
    const predecessors = new Map<string, OrganisationView[]>();
    for (const org of Object.values(roots)) {
      if (!org) continue;
      const ids = await this.orgs.predecessorIds(org.id);
      const list = ids.length ? await this.orgs.findMany(ids) : [];
      list.forEach((o) => known.set(o.id, o));
      predecessors.set(org.id, list);
    }
    // A body ended since (merged, renamed): papers dated after the change name the organisation standing for it then.
    const iso0 = (v: unknown): string | null =>
      v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.slice(0, 10) : null;
    const paperDates = new Set<string>(
      [
        ...rawEvents.map((e) => iso0(e.eventDate)),
        ...(view.votes as { meetingDate: unknown }[]).map((v) => iso0(v.meetingDate)),
        ...(view.decisions as { signedOn: unknown }[]).map((d) => iso0(d.signedOn)),
      ].filter((d): d is string => d !== null),
    );
    const successors = new Map<string, OrganisationView>();
    const area = chain.find((o) => ['upperCommittee', 'districtCommittee', 'provincialCommittee'].includes(o.kind));
    for (const org of [...Object.values(roots), area]) {
      if (!org?.validTo) continue;
      for (const date of paperDates) {
        if (date < org.validTo) continue;
        const standing = await this.orgs.standingFor(org.id, date);
        if (standing && standing.id !== org.id) {
          successors.set(`${org.id}|${date}`, standing);
          known.set(standing.id, standing);
        }
      }
    }
    const missingParents = [...known.values()].map((o) => o.parentId).filter((id): id is string => Boolean(id) && !known.has(id!));
    if (missingParents.length) (await this.orgs.findMany([...new Set(missingParents)])).forEach((o) => known.set(o.id, o));

    const asOf = (org: OrganisationView | undefined, date: string | null): OrganisationView | undefined => {
      if (!org || !date || validOn(org, date)) return org;
      if (date < org.validFrom) return predecessors.get(org.id)?.find((o) => validOn(o, date)) ?? org;
      return successors.get(`${org.id}|${date}`) ?? org;
    };
    const line = (body: Body, date: string | null): OrgLine => {
      const org = asOf(roots[body], date);
      if (!org) return { name: '…………', issuer: '…………', superior: '…………' };
      const parent = asOf(org.parentId ? known.get(org.parentId) : undefined, date);
      const name = nfc(org.name);
      const printed = body === 'CELL' ? name : committeeName(name);
      return {
        name: body === 'CELL' ? name : committeeName(name),
        issuer: upper(printed),
        superior: parent ? upper(nfc(parent.name)) : '',
      };
    };
    const place = (date: string | null): string => {
      const named = asOf(area, date);
      return named ? nfc(named.name).replace(PLACE_PREFIX, '') : '…………';
    };

    const person = view.person;
    const iso = (v: unknown): string | null =>
      v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.slice(0, 10) : null;
    const events: CaseEventRecord[] = rawEvents
      // A corrected act is read as corrected (procedure.md §6.6): the original it replaced is left out.
      .filter((e) => (e.correctedBySeq ?? e.corrected_by_seq ?? null) === null)
      .map((e) => ({ seq: Number(e.seq), type: e.type, eventDate: iso(e.eventDate), payload: e.payload ?? {} }));
    return {
      caseId: view.id,
      status: view.status,
      stage: view.stage,
      state: view.state,
      person: {
        fullName: nfc(String(person?.fullName ?? '')),
        birthDate: iso(person?.birthDate),
        sex: (person?.sex as string | null) ?? null,
        ethnicity: (person?.ethnicity as string | null) ?? null,
        religion: (person?.religion as string | null) ?? null,
        occupation: (person?.occupation as string | null) ?? null,
      },
      profile: {
        isBaseCell: Boolean(facts.org?.isBaseCell),
        hasSubBase: Boolean(facts.org?.hasSubBase),
        delegatedBase: Boolean(facts.org?.delegatedBase),
      },
      dates: { decision: facts.decisionDate ?? null, ceremony: facts.ceremonyDate ?? null, recognition: facts.recognitionDate ?? null },
      events,
      votes: (view.votes as VoteRecord[]).map((v) => ({ ...v, meetingDate: iso(v.meetingDate)!, required: v.required ?? null })),
      decisions: (view.decisions as DecisionRecord[]).map((d) => ({ ...d, signedOn: iso(d.signedOn)!, receivedOn: iso(d.receivedOn) })),
      org: line,
      place,
    };
  }
}
