// A form for one event type, generated from its payload schema (GET /procedure/events): dates as
// date inputs, integers as number inputs, enums as selects, booleans as checkboxes, objects as
// fieldsets, lists as repeatable rows. Validates on the client as the API does, sends If-Match with
// the case version and an Idempotency-Key, and explains 400 / 409 / 422 / 428 in plain words.
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { loadCase } from '../api/cases';
import type { CaseView, EventBody, EventField, EventType, Problem } from '../api/types';
import { useI18n, type I18n } from '../i18n';
import { label as codeLabel } from '../labels';
import { readable } from '../i18n/readable';
import { ErrorState, RuleItem } from './common';
import { DateInput } from './DateInput';
import { AttendeePicker, CaseRefPicker, CommitteeBasisPanel, MemberPicker, VoteBasisPanel, fieldRole, isCellVote, isCommitteeVote, motionsOf, stepDate } from './StepFields';
import { fieldLabel, isValidDate, join, kindOf, toPayload, validate, type FieldError, type Rows, type Values } from './form-model';

function idempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

export function eventLabel(ev: EventType | undefined, type: string, i: I18n): string {
  return ev ? (i.lang === 'en' ? ev.en : ev.vi) : codeLabel(type, i.lang);
}

/** Values the case already knows: the competent body from the organisation's profile, the motion. */
export function initialValues(event: EventType, caseView: CaseView): Values {
  const values: Values = {};
  const org = (caseView.facts?.org ?? null) as { competentBody?: { id?: string; kind?: string } } | null;
  const walk = (fields: EventField[], prefix: string) => {
    for (const f of fields) {
      const path = join(prefix, f.name);
      if (f.type === 'object' && f.fields) walk(f.fields, path);
      if (f.name === 'motion' && f.values) {
        const motions = motionsOf(event.type, f.values);
        if (motions.length === 1) values[path] = motions[0];
      }
      if (prefix.endsWith('decidedBy') && org?.competentBody) {
        if (f.name === 'id' && org.competentBody.id) values[path] = org.competentBody.id;
        if (f.name === 'kind' && org.competentBody.kind) values[path] = org.competentBody.kind;
      }
    }
  };
  walk(event.fields, '');
  return values;
}

/** A correction of a recorded act (procedure.md §6.6): the form pre-filled, a reason, another endpoint. */
export interface CorrectionMode {
  values: Values;
  rows: Rows;
  /** Extra fields shown above the buttons (the reason). */
  extra: ReactNode;
  /** Errors of the extra fields (a reason is required). */
  validateExtra(): FieldError[];
  submit(payload: Record<string, unknown>): Promise<CaseView>;
  title: string;
}

interface Props {
  caseView: CaseView;
  event: EventType;
  onDone(updated: CaseView): void;
  onReload(): void;
  onCancel(): void;
  correction?: CorrectionMode;
}

export function EventForm({ caseView, event, onDone, onReload, onCancel, correction }: Props) {
  const i = useI18n();
  const { t } = i;
  const uid = useId();
  const [values, setValues] = useState<Values>(() => correction?.values ?? initialValues(event, caseView));
  const [rows, setRows] = useState<Rows>(() => correction?.rows ?? {});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<{ status: number; problem: Problem } | null>(null);
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The eligible count typed by the user is kept; until then it follows the roster (PROC-CELL-VOTE).
  const eligibleTouched = useRef(false);
  const cellVote = isCellVote(event);
  const committeeVote = isCommitteeVote(event);

  const set = (path: string, value: string | boolean) => setValues((v) => ({ ...v, [path]: value }));
  const idFor = (path: string) => `${uid}-${path.replace(/[^\w-]/g, '_')}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    setOther(null);
    const found = [...validate(event.fields, values, rows, i), ...(correction?.validateExtra() ?? [])];
    setErrors(found);
    if (found.length) {
      document.getElementById(`${uid}-errors`)?.focus();
      return;
    }
    setBusy(true);
    // A new key for every attempt the user makes (a corrected vote is another request); the client
    // resends the same request, with the same key, only when it retries automatically.
    const key = idempotencyKey();
    try {
      if (correction) {
        onDone(await correction.submit(toPayload(event.fields, values, rows)));
        return;
      }
      unwrap(
        await api.POST('/api/v1/cases/{id}/events', {
          params: { path: { id: caseView.id }, header: { 'If-Match': `"${caseView.version}"`, 'Idempotency-Key': key } },
          // The form is built at run time from the server's own catalogue (GET /procedure/events):
          // the static union of event bodies cannot be checked here; the server validates it (400).
          body: { type: event.type, ...toPayload(event.fields, values, rows) } as EventBody,
        }),
      );
      // The step is recorded; its answer is the compact result (id, version, state, stage,
      // checklist): the page is read again so the timeline, deadlines and votes show it at once.
      const updated = await loadCase(caseView.id).catch(() => null);
      if (updated) onDone(updated);
      else onReload();
    } catch (err) {
      if (err instanceof ApiError && [400, 409, 422, 428].includes(err.status)) {
        setProblem({ status: err.status, problem: err.problem });
        if (err.status === 400 && err.problem.errors) setErrors(err.problem.errors.flatMap((fe) => fe.messages.map((m) => ({ path: fe.field, message: m }))));
      } else setOther(err);
      document.getElementById(`${uid}-errors`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  function renderFields(fields: EventField[], prefix: string): ReactNode {
    const siblings = fields.map((f) => f.name);
    return fields.map((f) => renderField(f, join(prefix, f.name), siblings, prefix));
  }

  function renderField(f: EventField, path: string, siblings: string[] = [], prefix = ''): ReactNode {
    const kind = kindOf(f);
    const role = fieldRole(event, path, siblings, cellVote, committeeVote);
    // A member picked from the roster is named for what they do, not for the id the payload carries.
    const name =
      role === 'member'
        ? t(/helper/i.test(path) ? 'picker.helper' : /introducer/i.test(path) ? 'picker.introducer' : 'picker.member')
        : fieldLabel(f, i);
    // Shown with the member picked, or read from the roster: not typed.
    if (role === 'memberName' || role === 'memberStatus' || role === 'rosterFigure') return null;
    if (role === 'mismatchReason') {
      const e = values[join(prefix, 'eligible')];
      const r = values[join(prefix, 'rosterEligible')];
      const differs = typeof e === 'string' && typeof r === 'string' && e.trim() !== '' && r !== '' && Number(e) !== Number(r);
      if (!differs && !values[path]) return null;
    }
    if (role === 'attendees' && caseView.organisation) {
      const md = values[join(prefix, 'meetingDate')];
      return (
        <AttendeePicker
          key={path}
          organisationId={caseView.organisation.id}
          meetingDate={typeof md === 'string' && isValidDate(md) ? md : null}
          value={typeof values[path] === 'string' ? (values[path] as string) : ''}
          onChange={(v) => set(path, v)}
          label={t('vote.attendee.title')}
        />
      );
    }
    if (kind === 'object' && f.name === 'vote' && committeeVote) {
      return (
        <fieldset key={path} className="subform" data-field={path}>
          <legend>{name}</legend>
          <CommitteeBasisPanel
            caseId={caseView.id}
            eventType={event.type}
            values={values}
            prefix={path}
            onBasis={(b) =>
              setValues((v) => {
                const next = { ...v, [`${path}.rosterEligible`]: b ? String(b.eligible) : '' };
                if (b && !eligibleTouched.current) next[`${path}.eligible`] = String(b.eligible);
                return next;
              })
            }
          />
          <div className="form-grid">{renderFields(f.fields ?? [], path)}</div>
        </fieldset>
      );
    }
    if (kind === 'object' && f.name === 'vote' && cellVote && caseView.organisation) {
      return (
        <fieldset key={path} className="subform" data-field={path}>
          <legend>{name}</legend>
          <VoteBasisPanel
            organisationId={caseView.organisation.id}
            values={values}
            prefix={path}
            onBasis={(b) =>
              setValues((v) => {
                const next = { ...v, [`${path}.rosterEligible`]: b ? String(b.eligible) : '', [`${path}.roll`]: b ? String(b.roll) : '' };
                if (b && !eligibleTouched.current) next[`${path}.eligible`] = String(b.eligible);
                return next;
              })
            }
          />
          <div className="form-grid">{renderFields(f.fields ?? [], path)}</div>
        </fieldset>
      );
    }
    if (kind === 'object') {
      return (
        <fieldset key={path} className="subform" data-field={path}>
          <legend>
            {name}
            {!f.required && <span className="muted small"> ({t('form.optional')})</span>}
          </legend>
          <div className="form-grid">{renderFields(f.fields ?? [], path)}</div>
        </fieldset>
      );
    }
    if (kind === 'objectList') {
      const n = rows[path] ?? 0;
      return (
        <fieldset key={path} className="subform" data-field={path}>
          <legend>
            {name}
            {!f.required && <span className="muted small"> ({t('form.optional')})</span>}
          </legend>
          {Array.from({ length: n }, (_, r) => (
            <div key={r} className="row-group">
              <div className="form-grid">{renderFields(f.fields ?? [], `${path}[${r}]`)}</div>
              {r === n - 1 && (
                <button type="button" className="btn" onClick={() => setRows((x) => ({ ...x, [path]: n - 1 }))}>
                  {t('form.removeRow', { n: r + 1 })}
                </button>
              )}
            </div>
          ))}
          {(f.maxItems === undefined || n < f.maxItems) && (
            <button type="button" className="btn" onClick={() => setRows((x) => ({ ...x, [path]: n + 1 }))}>
              + {t('form.addRow')}
            </button>
          )}
        </fieldset>
      );
    }
    const id = idFor(path);
    const errs = errors.filter((e) => e.path === path);
    const errId = errs.length ? `${id}-err` : undefined;
    const hintId = kind === 'textList' ? `${id}-hint` : undefined;
    const common = {
      id,
      name: path,
      'aria-invalid': errs.length > 0 || undefined,
      'aria-describedby': [hintId, errId].filter(Boolean).join(' ') || undefined,
      'aria-required': f.required || undefined,
    };
    const value = values[path];
    const text = typeof value === 'string' ? value : '';
    const input = (() => {
      if (role === 'member' && caseView.organisation) {
        const sib = (n: string) => (typeof values[join(prefix, n)] === 'string' ? (values[join(prefix, n)] as string) : '');
        return (
          <MemberPicker
            {...common}
            organisationId={caseView.organisation.id}
            asOf={stepDate(values)}
            value={text}
            memberName={sib('name')}
            status={sib('memberStatus')}
            onPick={(m) =>
              setValues((v) => ({
                ...v,
                [path]: m?.id ?? '',
                ...(siblings.includes('name') ? { [join(prefix, 'name')]: m?.name ?? '' } : {}),
                ...(siblings.includes('memberStatus') ? { [join(prefix, 'memberStatus')]: m?.status ?? '' } : {}),
              }))
            }
          />
        );
      }
      if (role === 'pendingRequest' || role === 'introducerRef' || role === 'helperRef')
        return <CaseRefPicker {...common} role={role} caseView={caseView} value={text} onChange={(v) => set(path, v)} />;
      if (kind === 'date') return <DateInput {...common} value={text} onChange={(v) => set(path, v)} />;
      if (kind === 'integer')
        return (
          <input
            {...common}
            type="number"
            inputMode="numeric"
            step={1}
            min={f.min ?? 0}
            max={f.max}
            value={text}
            onChange={(e) => {
              if (f.name === 'eligible') eligibleTouched.current = true;
              set(path, e.target.value);
            }}
          />
        );
      if (kind === 'enum') {
        const options = f.name === 'motion' ? motionsOf(event.type, f.values ?? []) : (f.values ?? []);
        return (
          <select {...common} value={text} onChange={(e) => set(path, e.target.value)}>
            {options.length > 1 && <option value="">{t('form.choose')}</option>}
            {options.map((v) => (
              <option key={v} value={v}>
                {codeLabel(v, i.lang)}
              </option>
            ))}
          </select>
        );
      }
      if (kind === 'text') return <input {...common} type="text" maxLength={f.maxLength} value={text} onChange={(e) => set(path, e.target.value)} />;
      if (kind === 'textList')
        return (
          <>
            <textarea {...common} rows={3} value={text} onChange={(e) => set(path, e.target.value)} />
            <p id={hintId} className="hint">
              {t('form.listHint')}
            </p>
          </>
        );
      return null;
    })();
    return (
      <div className={`field${kind === 'boolean' ? ' field-check' : ''}`} key={path} data-field={path} data-kind={kind}>
        {kind === 'boolean' ? (
          <label htmlFor={id} className="check">
            <input {...common} type="checkbox" checked={value === true} onChange={(e) => set(path, e.target.checked)} /> {name}
          </label>
        ) : (
          <label htmlFor={id}>
            {name}
            {f.required ? (
              <span className="req" aria-hidden="true">
                {' '}
                *
              </span>
            ) : (
              <span className="muted small"> ({t('form.optional')})</span>
            )}
          </label>
        )}
        {kind !== 'boolean' && input}
        {errs.map((er, n) => (
          <p key={n} id={n === 0 ? errId : undefined} className="field-error">
            {er.message}
          </p>
        ))}
      </div>
    );
  }

  return (
    <form className="event-form" onSubmit={submit} noValidate aria-labelledby={`${uid}-title`} data-event-type={event.type}>
      <h3 id={`${uid}-title`}>{correction ? correction.title : eventLabel(event, event.type, i)}</h3>
      <p className="small muted">{codeLabel(event.body, i.lang)}</p>
      <div className="form-grid">{renderFields(event.fields, '')}</div>
      {correction?.extra}

      <div id={`${uid}-errors`} tabIndex={-1} aria-live="assertive">
        {errors.length > 0 && !problem && (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t('form.fixErrors')}</p>
            <ul>
              {errors.map((er, n) => (
                <li key={n}>{er.message}</li>
              ))}
            </ul>
          </div>
        )}
        {problem && <ProblemPanel status={problem.status} problem={problem.problem} mine={caseView.version} onReload={onReload} fieldName={(path) => fieldNameOf(event.fields, path, i)} />}
        {other !== null && <ErrorState error={other} />}
      </div>

      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('form.busy') : t('form.submit')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A payload path ("vote.for", "introducers[0].name") named by its field labels ("Kết quả biểu quyết › Số tán thành"). */
export function fieldNameOf(fields: EventField[], path: string, i: I18n): string {
  const names: string[] = [];
  let level: EventField[] | undefined = fields;
  for (const part of path.split('.')) {
    const m = /^([^[]+)(?:\[(\d+)\])?$/.exec(part);
    const f: EventField | undefined = level?.find((x) => x.name === (m?.[1] ?? part));
    if (!f) return names.length ? names.join(' › ') : path;
    names.push(m?.[2] !== undefined ? `${fieldLabel(f, i)} ${Number(m[2]) + 1}` : fieldLabel(f, i));
    level = f.fields;
  }
  return names.join(' › ');
}

/** 409: someone else changed the case; 422: the rules refuse; 400: field messages; 428: no version. */
export function ProblemPanel({
  status,
  problem,
  mine,
  onReload,
  fieldName = (p) => p,
}: {
  status: number;
  problem: Problem;
  mine: number;
  onReload(): void;
  fieldName?(path: string): string;
}) {
  const i = useI18n();
  const { t } = i;
  if (status === 409 && (problem.currentVersion !== undefined)) {
    const current = problem.currentVersion ?? '?';
    return (
      <div className="alert alert-warn" role="alert" data-problem="conflict">
        <p className="alert-title">{t('conflict.title')}</p>
        <p>{t('conflict.body', { current, mine })}</p>
        <button type="button" className="btn btn-primary" onClick={onReload}>
          {t('app.reload')}
        </button>
      </div>
    );
  }
  if (status === 422) {
    return (
      <div className="alert alert-error" role="alert" data-problem="refusal">
        <p className="alert-title">{t('refusal.title')}</p>
        {problem.rules?.length ? (
          <>
            <p>{t('refusal.intro')}</p>
            <ul className="rules">
              {problem.rules.map((r, n) => (
                <RuleItem key={`${r.id}-${n}`} rule={r} />
              ))}
            </ul>
          </>
        ) : (
          <p>{readable(problem.detail ?? (i.lang === 'en' ? problem.titleEn : problem.title), i.lang)}</p>
        )}
      </div>
    );
  }
  if (status === 428) {
    return (
      <div className="alert alert-warn" role="alert">
        <p>{t('problem.precondition')}</p>
        <button type="button" className="btn" onClick={onReload}>
          {t('app.reload')}
        </button>
      </div>
    );
  }
  return (
    <div className="alert alert-error" role="alert" data-problem={status}>
      <p className="alert-title">{i.lang === 'en' ? (problem.titleEn ?? problem.title) : problem.title}</p>
      {problem.errors?.length ? (
        <>
          <p>{t('problem.validation')}</p>
          <ul>
            {problem.errors.map((e) => (
              <li key={e.field}>
                <strong>{fieldName(e.field)}</strong>: {readable(e.messages.join('; '), i.lang)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        problem.detail && <p>{readable(problem.detail, i.lang)}</p>
      )}
    </div>
  );
}
