import { useEffect, useState } from 'react';
import { searchAudit, type AuditRow, type AuditSearch } from '../api/work';
import { DateInput } from '../components/DateInput';
import { ErrorState, Loading } from '../components/common';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { href, navigate, type Route } from '../router';

/** The families of actions a reader searches by (GET /audit?action= matches the action or its prefix). */
const TYPES: { value: string; key: MessageKey }[] = [
  { value: 'case', key: 'audit.t.case' },
  { value: 'violation', key: 'audit.t.violation' },
  { value: 'report', key: 'audit.t.report' },
  { value: 'target', key: 'audit.t.target' },
  { value: 'auth', key: 'audit.t.auth' },
];

const ROLE_KEYS = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'inspection', 'admin', 'system'];

/** An action code as a reader reads it ("case.event" → "Ghi nhận một bước"); never the raw code. */
export function auditActionText(action: string, t: I18n['t']): string {
  const [family, sub] = action.split('.');
  if (family === 'case') {
    if (sub === 'read') return t('audit.a.read');
    if (sub === 'event' || sub === 'eventRecorded') return t('audit.a.event');
    if (sub === 'correction' || sub === 'eventCorrected') return t('audit.a.correction');
    if (sub === 'create' || sub === 'opened') return t('audit.a.create');
    return t('audit.a.caseOther');
  }
  if (family === 'violation' && (sub === 'opened' || sub === 'reopened' || sub === 'cleared')) return t(`audit.a.violation.${sub}`);
  if (family === 'violation') {
    const status = sub === 'explained' || sub === 'resolved' || sub === 'open' ? t(`viol.status.${sub}`) : t('audit.a.other');
    return t('audit.a.violation', { status });
  }
  if (family === 'report') return t('audit.a.reportExport');
  if (family === 'todo') return t('audit.a.todoExport');
  if (family === 'target') return t('audit.a.target');
  if (family === 'auth') return t('audit.a.auth');
  if (family === 'import') return t('audit.a.import');
  if (family === 'admin') return t('audit.a.admin');
  return t('audit.a.other');
}

function rolesText(roles: string | null, t: I18n['t']): string {
  if (!roles) return '';
  return roles
    .split(',')
    .map((r) => (ROLE_KEYS.includes(r) ? t(`role.${r}` as MessageKey) : t('audit.a.other')))
    .join(', ');
}

function outcomeText(outcome: string, t: I18n['t']): string {
  if (outcome === 'ok') return t('audit.outcome.ok');
  if (outcome === 'refused' || outcome === 'denied') return t('audit.outcome.denied');
  if (outcome === 'rejected') return t('audit.outcome.rejected');
  return t('audit.outcome.error');
}

function searchOf(route: Route): AuditSearch {
  const g = (k: string) => route.query.get(k) || undefined;
  return { caseId: g('caseId'), person: g('person'), actor: g('actor'), action: g('action'), from: g('from'), to: g('to') };
}

/**
 * The audit trail (GET /audit) within the reader's subtree: one case's trail (?caseId) or a search
 * across cases by candidate, user, period and type of action; newest first, names not ids.
 */
export function AuditPage({ route }: { route: Route }) {
  const i = useI18n();
  const { t } = i;
  const s = searchOf(route);
  const key = JSON.stringify(s);
  const heading = useFocusHeading(key);
  const page = useAsync(() => searchAudit(s), [key]);
  const [extra, setExtra] = useState<AuditRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [form, setForm] = useState({ person: s.person ?? '', actor: s.actor ?? '', from: s.from ?? '', to: s.to ?? '' });
  useEffect(() => {
    setExtra([]);
    setCursor(page.data?.nextCursor ?? null);
  }, [page.data]);
  useEffect(() => setForm({ person: s.person ?? '', actor: s.actor ?? '', from: s.from ?? '', to: s.to ?? '' }), [key]);
  const items = [...(page.data?.items ?? []), ...extra];
  const caseName = s.caseId ? items.find((r) => r.caseId === s.caseId && r.personName)?.personName : undefined;
  const dateOk = (d: string) => d === '' || /^\d{4}-\d{2}-\d{2}$/.test(d);

  function go(next: Partial<AuditSearch>) {
    navigate('/audit', { ...s, ...next, cursor: undefined } as Record<string, string | undefined>, true);
  }

  async function more() {
    if (!cursor) return;
    try {
      const next = await searchAudit({ ...s, cursor });
      setExtra((e) => [...e, ...next.items]);
      setCursor(next.nextCursor);
    } catch (err) {
      setMoreError(err);
    }
  }

  return (
    <>
      {s.caseId && (
        <p className="breadcrumb">
          <a href={href(`/cases/${s.caseId}`)}>← {t('audit.backToCase')}</a> · <a href={href('/compliance')}>{t('nav.compliance')}</a>
        </p>
      )}
      <h1 ref={heading} tabIndex={-1}>
        {s.caseId ? t('audit.title') : t('audit.searchTitle')}
        {caseName ? ` · ${caseName}` : ''}
      </h1>
      <p className="muted">{s.caseId ? t('audit.intro') : t('audit.searchIntro')}</p>

      <form
        className="filters"
        aria-label={t('audit.search')}
        onSubmit={(e) => {
          e.preventDefault();
          if (!dateOk(form.from) || !dateOk(form.to)) return;
          go({ person: form.person || undefined, actor: form.actor || undefined, from: form.from || undefined, to: form.to || undefined });
        }}
      >
        {!s.caseId && (
          <div className="field field-inline">
            <label htmlFor="audit-person">{t('audit.person')}</label>
            <input id="audit-person" type="search" maxLength={100} value={form.person} onChange={(e) => setForm({ ...form, person: e.target.value })} />
          </div>
        )}
        <div className="field field-inline">
          <label htmlFor="audit-actor">{t('audit.actor')}</label>
          <input id="audit-actor" type="search" maxLength={100} value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })} />
        </div>
        <div className="field field-inline">
          <label htmlFor="audit-type">{t('audit.type')}</label>
          <select id="audit-type" value={s.action ?? ''} onChange={(e) => go({ action: e.target.value || undefined })}>
            <option value="">{t('audit.allTypes')}</option>
            {TYPES.map((x) => (
              <option key={x.value} value={x.value}>
                {t(x.key)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <DateInput id="audit-from" value={form.from} onChange={(v) => setForm({ ...form, from: v })} />
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <DateInput id="audit-to" value={form.to} onChange={(v) => setForm({ ...form, to: v })} />
          <button type="submit" className="btn">
            {t('audit.search')}
          </button>
        </div>
        {(!dateOk(form.from) || !dateOk(form.to)) && (
          <p className="field-error" role="alert">
            {t('work.badDate')}
          </p>
        )}
        {(s.person || s.actor || s.action || s.from || s.to) && (
          <a className="btn" href={href('/audit', s.caseId ? { caseId: s.caseId } : undefined)}>
            {t('audit.searchAll')}
          </a>
        )}
      </form>

      {page.error !== undefined && !page.loading && <ErrorState error={page.error} onRetry={page.reload} />}
      {page.loading && !page.data && <Loading />}
      {page.data &&
        (items.length === 0 ? (
          <p className="empty">{t('app.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  {!s.caseId && <th scope="col">{t('audit.case')}</th>}
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                  <th scope="col" className="num">
                    #
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id} data-action={e.action} data-case-id={e.caseId ?? undefined}>
                    <td className="nowrap">{i.dateTime(e.occurredAt)}</td>
                    {!s.caseId && <td>{e.caseId ? <a href={href('/audit', { caseId: e.caseId })}>{e.personName ?? t('audit.case')}</a> : '—'}</td>}
                    <td>{auditActionText(e.action, t)}</td>
                    <td>
                      {e.actorName ?? (e.actorUserId ? '—' : t('audit.system'))}
                      {e.actorRole ? <span className="small muted"> · {rolesText(e.actorRole, t)}</span> : null}
                    </td>
                    <td className="nowrap">
                      <span className={`badge ${e.outcome === 'ok' ? 'badge-ok' : 'badge-danger'}`}>{outcomeText(e.outcome, t)}</span>
                      {e.outcome !== 'ok' && e.statusCode ? <span className="small muted"> ({e.statusCode})</span> : null}
                    </td>
                    <td className="num small" title={e.hash}>
                      {e.chainSeq}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {cursor && (
        <button type="button" className="btn" onClick={more}>
          {t('board.more')}
        </button>
      )}
      {moreError !== null && <ErrorState error={moreError} onRetry={more} />}
    </>
  );
}
