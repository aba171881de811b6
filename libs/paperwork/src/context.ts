/** What a form template may read: the case as it is recorded, with organisations' names as on each date. */

export type Body = 'CELL' | 'SUB' | 'BASE' | 'COMPETENT';

export interface CaseEventRecord {
  seq: number;
  type: string;
  eventDate: string | null;
  payload: Record<string, unknown>;
}

export interface VoteRecord {
  body: string;
  motion: 'admit' | 'recognise' | 'remove';
  meetingDate: string;
  eligible: number;
  for: number;
  against: number;
  required: number | null;
  passed: boolean;
}

export interface DecisionRecord {
  kind: string;
  body: string;
  number: string | null;
  signedOn: string;
  receivedOn: string | null;
  outcome: string;
}

export interface OrgLine {
  /** The issuing body as printed ("CHI BỘ SINH VIÊN", "ĐẢNG ỦY TRƯỜNG ĐẠI HỌC AN HÒA"). */
  issuer: string;
  /** Its superior as printed ("ĐẢNG BỘ TRƯỜNG ĐẠI HỌC AN HÒA"). */
  superior: string;
  /** The body's name in running text ("Chi bộ Sinh viên"). */
  name: string;
}

export interface PaperworkContext {
  caseId: string;
  status: string;
  stage: string;
  state: string;
  person: {
    fullName: string;
    birthDate: string | null;
    sex: string | null;
    ethnicity: string | null;
    religion: string | null;
    occupation: string | null;
  };
  profile: { isBaseCell: boolean; hasSubBase: boolean; delegatedBase: boolean };
  /** The member's dates as the engine derived them (procedure.md §8), also for a case imported at probation. */
  dates: { decision: string | null; ceremony: string | null; recognition: string | null };
  events: CaseEventRecord[];
  votes: VoteRecord[];
  decisions: DecisionRecord[];
  /** The issuing body and its superior as named on `date` (a reorganisation keeps the old name on old papers). */
  org(body: Body, date: string | null): OrgLine;
  /** The place printed before the date (the commune, ward or province of the upper committee). */
  place(date: string | null): string;
}

/** The last event of a type (optionally matching), or undefined. */
export function lastEvent(
  ctx: PaperworkContext,
  type: string,
  match: (e: CaseEventRecord) => boolean = () => true,
): CaseEventRecord | undefined {
  for (let k = ctx.events.length - 1; k >= 0; k--) {
    const e = ctx.events[k]!;
    if (e.type === type && match(e)) return e;
  }
  return undefined;
}

export const hasEvent = (ctx: PaperworkContext, type: string): boolean => ctx.events.some((e) => e.type === type);

/** The last vote of a body on a motion (the one that counts; earlier failed votes stay in the log). */
export function lastVote(ctx: PaperworkContext, body: string, motion: VoteRecord['motion']): VoteRecord | undefined {
  return [...ctx.votes].reverse().find((v) => v.body === body && v.motion === motion);
}

export function lastDecision(ctx: PaperworkContext, kind: string): DecisionRecord | undefined {
  return [...ctx.decisions].reverse().find((d) => d.kind === kind);
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
