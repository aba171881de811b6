// Fields of the step forms that are picked, not typed: members of the cell on the step's date
// (introducers, helpers), the pending background-check request, the introducer or helper already
// on the case, and the vote's roster figures (PROC-CELL-VOTE) read from the cell's roster.
import { useEffect, useState, type SelectHTMLAttributes } from 'react';
import type { CaseView, EventType } from '../api/types';
import { cellVoteBasis, committeeVoteBasis, membersOn, type CellVoteBasis, type CommitteeVoteBasis, type Member } from '../api/roster';
import { useI18n } from '../i18n';
import { label as codeLabel } from '../labels';
import { isValidDate, join, todayInVietnam, type Values } from './form-model';

export type FieldRole =
  | 'member'
  | 'memberName'
  | 'memberStatus'
  | 'introducerRef'
  | 'helperRef'
  | 'pendingRequest'
  | 'rosterFigure'
  | 'mismatchReason'
  | 'attendees';

const MEMBER_ID = new Set(['memberId', 'introducerId']);

/** What a field of an event's payload is, when it is not typed freely. */
export function fieldRole(event: EventType, path: string, siblings: string[], cellVote: boolean, committeeVote = false): FieldRole | null {
  const name = path.slice(path.lastIndexOf('.') + 1);
  const hasMember = siblings.some((s) => MEMBER_ID.has(s));
  if (MEMBER_ID.has(name)) return 'member';
  if (hasMember && name === 'name') return 'memberName';
  if (hasMember && name === 'memberStatus') return 'memberStatus';
  if (name === 'replacedIntroducerId') return 'introducerRef';
  if (name === 'helperId') return 'helperRef';
  if (name === 'requestId' && event.type === 'backgroundCheck.answered') return 'pendingRequest';
  if (cellVote && (path === 'vote.rosterEligible' || path === 'vote.roll')) return 'rosterFigure';
  if (cellVote && path === 'vote.mismatchReason') return 'mismatchReason';
  if (cellVote && path === 'vote.attendeeIds') return 'attendees';
  // A committee's vote: the denominator from the committee roster; a committee has no cell roll.
  if (committeeVote && (path === 'vote.rosterEligible' || path === 'vote.roll')) return 'rosterFigure';
  if (committeeVote && path === 'vote.mismatchReason') return 'mismatchReason';
  return null;
}

/** The motion a vote of this step decides (a cell admission vote does not vote a removal). */
export function motionsOf(eventType: string, values: string[]): string[] {
  const only = /admission/i.test(eventType)
    ? 'admit'
    : /recognition/i.test(eventType)
      ? 'recognise'
      : /removal/i.test(eventType)
        ? 'remove'
        : null;
  return only && values.includes(only) ? [only] : values;
}

/** A cell's vote whose denominator the roster knows (GET …/cell-vote-basis). */
export const isCellVote = (event: EventType) =>
  event.body === 'CELL' && event.fields.some((f) => f.name === 'vote' && f.fields?.some((g) => g.name === 'rosterEligible'));

/** A base or competent committee's vote, checked against the committee roster (GET /cases/{id}/committee-vote-basis). */
export const isCommitteeVote = (event: EventType) =>
  (event.body === 'BASE' || event.body === 'COMPETENT') &&
  event.fields.some((f) => f.name === 'vote' && f.fields?.some((g) => g.name === 'rosterEligible'));

/** The date the step took place, for the roster to read: the form's own date, else today. */
export function stepDate(values: Values): string {
  for (const p of ['vote.meetingDate', 'resolutionDate', 'heldOn', 'letterDate', 'date', 'replacement.alongsideSince']) {
    const v = values[p];
    if (typeof v === 'string' && isValidDate(v) && v <= todayInVietnam()) return v;
  }
  return todayInVietnam();
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>;

function statusText(status: string | undefined, t: ReturnType<typeof useI18n>['t']): string {
  return status === 'full' ? t('member.full') : status === 'probationary' ? t('member.probationary') : '';
}

/** A member of the cell on the date, picked by name; the name and status travel with the id. */
export function MemberPicker({
  organisationId,
  asOf,
  value,
  memberName: name,
  status,
  onPick,
  ...select
}: SelectProps & {
  organisationId: string;
  asOf: string;
  value: string;
  memberName: string;
  status: string;
  onPick(m: { id: string; name: string; status: string } | null): void;
}) {
  const i = useI18n();
  const { t } = i;
  const [members, setMembers] = useState<Member[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setFailed(false);
    membersOn(organisationId, asOf).then(
      (list) => live && setMembers(list),
      () => live && (setFailed(true), setMembers([])),
    );
    return () => {
      live = false;
    };
  }, [organisationId, asOf]);
  const seen = new Set<string>();
  const options = (members ?? [])
    .filter((m) => (m.status === 'full' || m.status === 'probationary') && !seen.has(m.personId) && seen.add(m.personId))
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  const known = !value || options.some((m) => m.personId === value);
  return (
    <>
      <select
        {...select}
        value={value}
        data-picker="member"
        onChange={(e) => {
          const m = options.find((x) => x.personId === e.target.value);
          onPick(m ? { id: m.personId, name: m.fullName, status: m.status } : null);
        }}
      >
        <option value="">{members === null ? t('app.loading') : t('form.choose')}</option>
        {options.map((m) => (
          <option key={m.personId} value={m.personId}>
            {m.fullName} — {statusText(m.status, t)}
          </option>
        ))}
        {!known && <option value={value}>{name || t('picker.notOnRoster')}</option>}
      </select>
      <p className="hint">
        {failed
          ? t('picker.rosterFailed')
          : members !== null && options.length === 0
            ? t('picker.noMembers', { date: i.date(asOf) })
            : t('picker.membersOn', { date: i.date(asOf) })}
        {value && name && (
          <>
            {' · '}
            <strong data-picked-member={value}>{name}</strong>
            {status && ` (${statusText(status, t)})`}
          </>
        )}
      </p>
    </>
  );
}

interface Evidence {
  checks?: { requestId: string; subject: string; abroad?: boolean; sentOn?: string; receivedOn?: string; answeredOn?: string }[];
  introducers?: { introducerId: string; kind?: string; name?: string; active?: boolean }[];
  helpers?: { memberId: string; name: string; leftOn?: string }[];
}
const evidenceOf = (c: CaseView): Evidence => (c.facts?.evidence ?? {}) as Evidence;

/** The background-check requests still waiting for an answer (procedure.md §3 step 7). */
export function pendingRequests(c: CaseView) {
  return (evidenceOf(c).checks ?? []).filter((x) => !x.answeredOn);
}

/** Picks from what the case already holds: a pending request, an active introducer, a helper. */
export function CaseRefPicker({
  role,
  caseView,
  value,
  onChange,
  ...select
}: SelectProps & { role: 'pendingRequest' | 'introducerRef' | 'helperRef'; caseView: CaseView; value: string; onChange(v: string): void }) {
  const i = useI18n();
  const { t } = i;
  const ev = evidenceOf(caseView);
  const options: { value: string; text: string }[] =
    role === 'pendingRequest'
      ? pendingRequests(caseView).map((x) => ({
          value: x.requestId,
          text: `${x.requestId} · ${codeLabel(x.subject, i.lang)}${x.abroad ? ` · ${t('picker.abroad')}` : ''}${(x.receivedOn ?? x.sentOn) ? ` · ${t('picker.sentOn', { date: i.date(x.receivedOn ?? x.sentOn) })}` : ''}`,
        }))
      : role === 'introducerRef'
        ? (ev.introducers ?? [])
            .filter((x) => x.active !== false && x.kind === 'member')
            .map((x) => ({ value: x.introducerId, text: x.name ?? t('picker.unnamed') }))
        : (ev.helpers ?? []).map((x) => ({
            value: x.memberId,
            text: `${x.name}${x.leftOn ? ` · ${t('picker.helperLeft', { date: i.date(x.leftOn) })}` : ''}`,
          }));
  return (
    <select {...select} value={value} data-picker={role} onChange={(e) => onChange(e.target.value)}>
      <option value="">{options.length ? t('form.choose') : t('picker.none')}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.text}
        </option>
      ))}
      {value && !options.some((o) => o.value === value) && <option value={value}>{value}</option>}
    </select>
  );
}

/**
 * PROC-CELL-VOTE read from the roster on the meeting date: the roll and the eligible voters fill
 * the form (the eligible count stays editable: the minutes may differ, with a reason, flagged).
 */
export function VoteBasisPanel({
  organisationId,
  values,
  prefix,
  onBasis,
}: {
  organisationId: string;
  values: Values;
  prefix: string;
  onBasis(b: CellVoteBasis | null): void;
}) {
  const i = useI18n();
  const { t } = i;
  const date = values[join(prefix, 'meetingDate')];
  const meetingDate = typeof date === 'string' && isValidDate(date) ? date : null;
  const attendees = linesOf(values[join(prefix, 'attendeeIds')]);
  const attendeeKey = attendees.join(',');
  const [basis, setBasis] = useState<CellVoteBasis | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    if (!meetingDate) {
      setBasis(null);
      return;
    }
    setFailed(false);
    cellVoteBasis(organisationId, meetingDate, attendees).then(
      (b) => {
        if (!live) return;
        setBasis(b);
        onBasis(b);
      },
      () => {
        if (!live) return;
        setBasis(null);
        setFailed(true);
        onBasis(null);
      },
    );
    return () => {
      live = false;
    };
    // onBasis changes identity on every render of the form; the date and cell decide the fetch.
    // The attendees are keyed by their joined ids (the array is new on every render).
  }, [organisationId, meetingDate, attendeeKey]);
  const eligibleRaw = values[join(prefix, 'eligible')];
  const eligible = typeof eligibleRaw === 'string' && /^\d+$/.test(eligibleRaw.trim()) ? Number(eligibleRaw) : undefined;
  if (!meetingDate) return <p className="hint vote-basis">{t('vote.basis.pickDate')}</p>;
  if (failed) return <p className="alert alert-warn vote-basis">{t('vote.basis.failed')}</p>;
  if (!basis) return <p className="hint vote-basis">{t('app.loading')}</p>;
  const excluded = basis.roll - basis.eligible;
  const mismatch = eligible !== undefined && eligible !== basis.eligible;
  return (
    <div className="vote-basis" data-roster-eligible={basis.eligible} data-roll={basis.roll}>
      <p className="small">
        {t('vote.basis.summary', { date: i.date(basis.meetingDate), roll: basis.roll, eligible: basis.eligible })}
        {excluded > 0 && ` ${t('vote.basis.excluded', { n: excluded })}`}
      </p>
      {basis.rollBelowMinimum && <p className="alert alert-warn">{t('vote.basis.belowMinimum', { roll: basis.roll })}</p>}
      {mismatch && (
        <p className="alert alert-warn" data-vote-mismatch="">
          {t('vote.basis.mismatch', { eligible: eligible!, roster: basis.eligible })}
        </p>
      )}
    </div>
  );
}

/**
 * PROC-BASE-VOTE, PROC-COMPETENT-VOTE read from the committee roster on the meeting date: the
 * denominator fills the form's eligible count (editable: the minutes may differ, with a reason,
 * flagged), the members and the sitting members are shown.
 */
export function CommitteeBasisPanel({
  caseId,
  eventType,
  values,
  prefix,
  onBasis,
}: {
  caseId: string;
  eventType: string;
  values: Values;
  prefix: string;
  onBasis(b: CommitteeVoteBasis | null): void;
}) {
  const i = useI18n();
  const { t } = i;
  const date = values[join(prefix, 'meetingDate')];
  const meetingDate = typeof date === 'string' && isValidDate(date) ? date : null;
  const m = values[join(prefix, 'motion')];
  const motion = typeof m === 'string' && m ? m : /recognition/i.test(eventType) ? 'recognise' : /removal/i.test(eventType) ? 'remove' : 'admit';
  const [basis, setBasis] = useState<CommitteeVoteBasis | null | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setBasis(undefined);
    if (!meetingDate) return;
    setFailed(false);
    committeeVoteBasis(caseId, eventType, meetingDate, motion).then(
      (b) => {
        if (!live) return;
        setBasis(b);
        onBasis(b);
      },
      () => {
        if (!live) return;
        setBasis(null);
        setFailed(true);
        onBasis(null);
      },
    );
    return () => {
      live = false;
    };
    // onBasis changes identity on every render of the form; the case, step, date and motion decide the fetch.
  }, [caseId, eventType, meetingDate, motion]);
  const eligibleRaw = values[join(prefix, 'eligible')];
  const eligible = typeof eligibleRaw === 'string' && /^\d+$/.test(eligibleRaw.trim()) ? Number(eligibleRaw) : undefined;
  if (!meetingDate) return <p className="hint vote-basis">{t('vote.committee.pickDate')}</p>;
  if (failed) return <p className="alert alert-warn vote-basis">{t('vote.committee.failed')}</p>;
  if (basis === undefined) return <p className="hint vote-basis">{t('app.loading')}</p>;
  if (basis === null) return <p className="hint vote-basis">{t('vote.committee.unknown')}</p>;
  const mismatch = eligible !== undefined && eligible !== basis.eligible;
  return (
    <div className="vote-basis" data-committee-eligible={basis.eligible} data-committee-members={basis.members}>
      <p className="small">
        {t(`vote.committee.summary.${basis.body}`, { date: i.date(basis.meetingDate), members: basis.members, sitting: basis.sitting, eligible: basis.eligible })}
        {basis.delegated && ` ${t('vote.committee.delegated')}`}
      </p>
      {mismatch && (
        <p className="alert alert-warn" data-vote-mismatch="">
          {t('vote.committee.mismatch', { eligible: eligible!, roster: basis.eligible })}
        </p>
      )}
    </div>
  );
}

const linesOf = (v: string | boolean | undefined): string[] =>
  typeof v === 'string'
    ? v
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/**
 * QĐ294 §9.3.2: members exempted from meetings count only when they attended and voted: ticked by
 * name from the roster of the meeting date (the roster's eligible count follows); nothing to tick
 * when the cell has none.
 */
export function AttendeePicker({
  organisationId,
  meetingDate,
  value,
  onChange,
  label,
}: {
  organisationId: string;
  meetingDate: string | null;
  value: string;
  onChange(v: string): void;
  label: string;
}) {
  const { t } = useI18n();
  const [people, setPeople] = useState<{ id: string; name: string; why: string }[] | null>(null);
  useEffect(() => {
    let live = true;
    if (!meetingDate) {
      setPeople(null);
      return;
    }
    Promise.all([cellVoteBasis(organisationId, meetingDate), membersOn(organisationId, meetingDate)]).then(
      ([b, members]) => {
        if (!live) return;
        const name = (id: string) => members.find((m) => m.personId === id)?.fullName ?? t('picker.unnamed');
        setPeople([
          ...b.excluded.exemptedAbsent.map((id) => ({ id, name: name(id), why: t('vote.attendee.exempted') })),
        ]);
      },
      () => live && setPeople([]),
    );
    return () => {
      live = false;
    };
  }, [organisationId, meetingDate, t]);
  if (!people || people.length === 0) return null;
  const chosen = new Set(linesOf(value));
  return (
    <fieldset className="subform attendees" data-field="vote.attendeeIds">
      <legend>{label}</legend>
      {people.map((p) => (
        <label key={p.id} className="check">
          <input
            type="checkbox"
            name="vote.attendeeIds"
            value={p.id}
            checked={chosen.has(p.id)}
            onChange={(e) => {
              const next = new Set(chosen);
              if (e.target.checked) next.add(p.id);
              else next.delete(p.id);
              onChange([...next].join('\n'));
            }}
          />{' '}
          {p.name} <span className="muted small">({p.why})</span>
        </label>
      ))}
    </fieldset>
  );
}
