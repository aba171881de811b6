// Corrections of recorded acts (procedure.md §6.6, I-13) on the case timeline: "Sửa" opens the
// act's own generated form pre-filled with what was recorded, plus a required reason; the server
// re-judges the case by replaying its log. The corrected entry is then marked "Đã sửa" with the
// correction's reason and author; the correction sits next to it in the timeline.
import { useEffect, useId, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { CaseView, EventField, EventType, TimelineEntry } from '../api/types';
import { useI18n, type I18n } from '../i18n';
import { ErrorState, Loading } from './common';
import { EventForm } from './EventForm';
import { join, kindOf, type FieldError, type Rows, type Values } from './form-model';

/** Who may correct the opening (candidate facts, name, birth date): who may open a case. */
const OPENING_ROLES = ['cellCommittee', 'baseCommitteeStaff', 'admin'];
const FACTS = ['youthUnionMember', 'youthUnionOfficial', 'tradeUnionMember', 'communityLeader', 'areaException', 'foreignSpouse', 'ethnicChinese'] as const;

/** The opening as a form: the person's name and birth date, the candidate's facts. */
function openingEvent(i: I18n): EventType {
  return {
    type: 'case.opened',
    body: 'CELL',
    roles: OPENING_ROLES,
    vi: 'Mở hồ sơ',
    en: 'Case opened',
    fields: [
      {
        name: 'person',
        type: 'object',
        required: true,
        vi: 'Người được xem xét',
        en: 'The person',
        fields: [
          { name: 'fullName', type: 'string', required: true, vi: 'Họ và tên', en: 'Full name', maxLength: 200 },
          { name: 'birthDate', type: 'date', required: true, vi: 'Ngày sinh', en: 'Birth date' },
        ],
      },
      {
        name: 'candidate',
        type: 'object',
        required: true,
        vi: 'Thông tin ứng viên khi mở hồ sơ',
        en: 'Candidate facts at opening',
        fields: FACTS.map((name) => ({ name, type: 'boolean', required: true, vi: i.t(`newCase.fact.${name}`), en: i.t(`newCase.fact.${name}`) })),
      },
    ],
  };
}

/** The form's flat values from a recorded payload (the inverse of form-model's toPayload). */
export function fromPayload(fields: EventField[], payload: Record<string, unknown>, prefix = '', values: Values = {}, rows: Rows = {}): { values: Values; rows: Rows } {
  for (const f of fields) {
    const path = join(prefix, f.name);
    const v = payload[f.name];
    if (v === undefined || v === null) continue;
    const kind = kindOf(f);
    if (kind === 'object' && typeof v === 'object') fromPayload(f.fields ?? [], v as Record<string, unknown>, path, values, rows);
    else if (kind === 'objectList' && Array.isArray(v)) {
      rows[path] = v.length;
      v.forEach((item, r) => fromPayload(f.fields ?? [], (item ?? {}) as Record<string, unknown>, `${path}[${r}]`, values, rows));
    } else if (kind === 'boolean') values[path] = v === true;
    else if (kind === 'textList' && Array.isArray(v)) values[path] = v.join('\n');
    else values[path] = String(v);
  }
  return { values, rows };
}

interface Props {
  caseView: CaseView;
  entry: TimelineEntry;
  event: EventType | undefined;
  roles: string[];
  onDone(updated: CaseView): void;
  onReload(): void;
}

/** What a timeline entry shows about corrections, and its "Sửa" button and form. */
export function TimelineCorrection({ caseView, entry, event, roles, onDone, onReload }: Props) {
  const i = useI18n();
  const { t } = i;
  const [open, setOpen] = useState(false);
  const correction = entry.correctedBySeq ? caseView.timeline.find((e) => e.seq === entry.correctedBySeq) : undefined;
  const opening = entry.type === 'case.opened';
  const allowed = opening ? OPENING_ROLES : (event?.roles ?? []);
  const engineAct = !opening && (!event || (event.body === 'SYSTEM' && event.roles.every((r) => r === 'system')));
  const mayCorrect = !entry.correctedBySeq && !engineAct && (roles.length === 0 || allowed.some((r) => roles.includes(r)));
  return (
    <>
      {entry.correctedBySeq && (
        <div className="small correction-note" data-corrected-by={entry.correctedBySeq}>
          <span className="badge badge-warn">{t('correction.corrected')}</span>{' '}
          {correction?.correctionReason && (
            <>
              {t('correction.reason')}: <q>{correction.correctionReason}</q>{' '}
            </>
          )}
          {correction && <>— {correction.recordedByName ?? correction.recordedBy}</>} <span className="muted">(#{entry.correctedBySeq})</span>
        </div>
      )}
      {entry.correctsSeq && (
        <div className="small correction-note" data-corrects={entry.correctsSeq}>
          <span className="badge">{t('correction.of', { seq: entry.correctsSeq })}</span> {entry.correctionReason && <q>{entry.correctionReason}</q>}
        </div>
      )}
      {mayCorrect && (
        <button type="button" className="btn btn-small" data-correct={entry.seq} aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('correction.edit')}
        </button>
      )}
      {open && (
        <CorrectionForm
          caseView={caseView}
          entry={entry}
          event={opening ? openingEvent(i) : event!}
          onDone={(u) => {
            setOpen(false);
            onDone(u);
          }}
          onReload={() => {
            setOpen(false);
            onReload();
          }}
          onCancel={() => setOpen(false)}
        />
      )}
    </>
  );
}

function CorrectionForm({ caseView, entry, event, onDone, onReload, onCancel }: { caseView: CaseView; entry: TimelineEntry; event: EventType; onDone(u: CaseView): void; onReload(): void; onCancel(): void }) {
  const i = useI18n();
  const { t } = i;
  const uid = useId();
  const [reason, setReason] = useState('');
  const [initial, setInitial] = useState<{ values: Values; rows: Rows } | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const opening = entry.type === 'case.opened';

  useEffect(() => {
    if (opening) {
      const person = (caseView.facts?.person ?? {}) as Record<string, unknown>;
      const candidate = Object.fromEntries(FACTS.map((k) => [k, person[k] === true]));
      setInitial(fromPayload(event.fields, { person: { fullName: caseView.person?.fullName ?? person.fullName, birthDate: caseView.person?.birthDate ?? person.birthDate }, candidate }));
      return;
    }
    let live = true;
    api
      .GET('/api/v1/cases/{id}/events', { params: { path: { id: caseView.id } } })
      .then((r) => {
        const found = unwrap(r).find((e) => e.seq === entry.seq);
        if (live) setInitial(fromPayload(event.fields, found?.payload ?? {}));
      })
      .catch((e: unknown) => {
        if (live) setError(e ?? new Error('load failed'));
      });
    return () => {
      live = false;
    };
    // Loaded once per opened form.
  }, []);
  if (error) return <ErrorState error={error} />;
  if (!initial) return <Loading />;

  const reasonId = `${uid}-reason`;
  const reasonError = (): FieldError[] => (reason.trim().length >= 3 ? [] : [{ path: 'reason', message: t('correction.reasonRequired') }]);
  return (
    <div className="correction-form" data-correction-for={entry.seq}>
      <EventForm
        caseView={caseView}
        event={event}
        onDone={onDone}
        onReload={onReload}
        onCancel={onCancel}
        correction={{
          values: initial.values,
          rows: initial.rows,
          title: `${t('correction.title')}: ${i.lang === 'en' ? event.en : event.vi}`,
          validateExtra: reasonError,
          extra: (
            <div className="field" data-field="reason">
              <label htmlFor={reasonId}>
                {t('correction.reason')}
                <span className="req" aria-hidden="true">
                  {' '}
                  *
                </span>
              </label>
              <textarea id={reasonId} name="reason" rows={2} maxLength={1000} aria-required value={reason} onChange={(e) => setReason(e.target.value)} />
              <p className="hint">{t('correction.reasonHint')}</p>
            </div>
          ),
          submit: async (payload) => {
            const body = opening ? openingPayload(payload, caseView) : payload;
            return unwrap(
              await api.POST('/api/v1/cases/{id}/events/{seq}/corrections', {
                params: { path: { id: caseView.id, seq: String(entry.seq) }, header: { 'If-Match': `"${caseView.version}"` } },
                body: { reason: reason.trim(), payload: body },
              }),
            );
          },
        }}
      />
    </div>
  );
}

/** The opening's correction sends the person only when the name or birth date changed. */
function openingPayload(payload: Record<string, unknown>, caseView: CaseView): Record<string, unknown> {
  const person = payload.person as { fullName?: string; birthDate?: string } | undefined;
  const same = person && person.fullName === caseView.person?.fullName && person.birthDate === caseView.person?.birthDate;
  return same ? { candidate: payload.candidate } : payload;
}
