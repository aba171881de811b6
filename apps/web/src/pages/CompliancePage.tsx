import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Job, Violation, ViolationGroup, ViolationQuery } from '../api/types';
import { groupViolations, listViolations, ruleTexts, type RuleText } from '../api/supervision';
import { AUDIT_READ_ROLES, EXPLAIN_ROLES, REAUDIT_ROLES, SUPERVISOR_ROLES, hasRole, useAuth } from '../auth';
import { DateInput } from '../components/DateInput';
import { ErrorState, Loading } from '../components/common';
import { OrgTreeSelect } from '../components/OrgTreeSelect';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n, type I18n } from '../i18n';
import { label } from '../labels';
import { href, navigate, type Route } from '../router';

const STATUSES = ['open', 'explained', 'resolved'] as const;

/** The rule's id with its explanation in the user's language (and, optionally, its citation). */
export function RuleText({ id, texts, withCitation }: { id: string; texts: Map<string, RuleText> | undefined; withCitation?: boolean }) {
  const { lang, t } = useI18n();
  const r = texts?.get(id);
  return (
    <>
      {r ? <span className="rule-title">{lang === 'en' ? r.en : r.vi}</span> : null} <span className="rule-id">{id}</span>
      {withCitation && r && r.citation.length > 0 && (
        <span className="rule-citation">
          {' '}
          ({t('refusal.citation')}: {r.citation.join('; ')})
        </span>
      )}
    </>
  );
}

export function ViolationStatus({ status }: { status: string }) {
  const { t } = useI18n();
  const cls = status === 'open' ? 'badge-danger' : status === 'explained' ? 'badge-warn' : 'badge-ok';
  const key = (STATUSES as readonly string[]).includes(status) ? (`viol.status.${status}` as 'viol.status.open') : null;
  return <span className={`badge badge-nowrap ${cls}`}>{key ? t(key) : status}</span>;
}

/** The breach's date as the API filters on it: the actual date, else the due date. */
function breachDate(v: Violation, i: I18n): string {
  return i.date(v.actualDate ?? v.dueDate ?? v.openedAt.slice(0, 10));
}

function queryOf(route: Route): ViolationQuery {
  const g = (k: string) => route.query.get(k) || undefined;
  const status = route.query.get('status');
  return {
    organisationId: g('organisationId'),
    ruleId: g('ruleId'),
    // Open violations unless the user asks otherwise ("all" shows every status).
    status: status === 'all' ? undefined : status === 'explained' || status === 'resolved' ? status : 'open',
    from: g('from'),
    to: g('to'),
  };
}

/**
 * The supervisors' compliance dashboard over their subtree: violations by organisation and by kind
 * (rule id with its explanation), filters kept in the address, and the list with links to the case,
 * its audit trail and the violation itself (explain / resolve).
 */
export function CompliancePage({ route }: { route: Route }) {
  const i = useI18n();
  const { t, lang } = i;
  const auth = useAuth();
  const heading = useFocusHeading('compliance');
  const q = queryOf(route);
  const statusParam = route.query.get('status') ?? 'open';
  const key = JSON.stringify(q);
  const texts = useAsync(ruleTexts, []);
  const list = useAsync(() => listViolations({ ...q, limit: 500 }), [key]);
  const byOrg = useAsync(() => groupViolations(q, 'organisation'), [key]);
  const byRule = useAsync(() => groupViolations(q, 'rule'), [key]);
  const [from, setFrom] = useState(q.from ?? '');
  const [to, setTo] = useState(q.to ?? '');
  useEffect(() => {
    setFrom(q.from ?? '');
    setTo(q.to ?? '');
  }, [q.from, q.to]);
  const canAudit = hasRole(auth.me, AUDIT_READ_ROLES);
  const canExplain = hasRole(auth.me, EXPLAIN_ROLES);
  // A cell committee alone (no supervising role): its own cell's violations, to explain them.
  const cellOnly = !hasRole(auth.me, [...SUPERVISOR_ROLES, 'admin', 'baseCommitteeStaff', 'competentStaff']);

  function setFilter(next: Record<string, string | undefined>) {
    const merged: Record<string, string | undefined> = {
      organisationId: q.organisationId,
      ruleId: q.ruleId,
      status: statusParam === 'open' ? undefined : statusParam,
      from: q.from,
      to: q.to,
      ...next,
    };
    if (merged.status === 'open') merged.status = undefined;
    navigate('/compliance', merged, true);
  }

  const groupTable = (groups: ViolationGroup[] | undefined, kind: 'organisation' | 'rule') => (
    <div className="table-wrap">
      <table className="counts" data-testid={`by-${kind}`}>
        <thead>
          <tr>
            <th scope="col">{kind === 'organisation' ? t('comp.organisation') : t('comp.rule')}</th>
            <th scope="col" className="num">
              {t('viol.status.open')}
            </th>
            <th scope="col" className="num">
              {t('viol.status.explained')}
            </th>
            <th scope="col" className="num">
              {t('viol.status.resolved')}
            </th>
            <th scope="col" className="num">
              {t('comp.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {(groups ?? []).map((g) => (
            <tr key={g.key}>
              <th scope="row">
                <a
                  href={href('/compliance', { ...Object.fromEntries(route.query), [kind === 'organisation' ? 'organisationId' : 'ruleId']: g.key })}
                  aria-label={t('comp.filterBy', { name: kind === 'organisation' ? (g.label ?? g.key) : g.key })}
                >
                  {kind === 'organisation' ? (g.label ?? g.key) : <RuleText id={g.key} texts={texts.data} />}
                </a>
              </th>
              <td className="num">{g.open}</td>
              <td className="num">{g.explained}</td>
              <td className="num">{g.resolved}</td>
              <td className="num">{g.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  const ruleIds = [...new Set([...(texts.data?.keys() ?? [])])].filter((id) => /^(PROC|COND|CRIT)-/.test(id)).sort();

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {cellOnly ? t('comp.cellTitle') : t('comp.title')}
      </h1>
      <p className="muted">{cellOnly ? t('comp.cellIntro') : t('comp.intro')}</p>

      <form
        className="filters"
        aria-label={t('comp.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          if ([from, to].some((d) => d !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(d))) return;
          setFilter({ from: from || undefined, to: to || undefined });
        }}
      >
        {!cellOnly && (
          <OrgTreeSelect
            id="comp-org"
            label={t('comp.organisation')}
            allLabel={t('comp.allOrganisations')}
            value={q.organisationId}
            onChange={(id) => setFilter({ organisationId: id })}
          />
        )}
        <div className="field field-inline">
          <label htmlFor="comp-rule">{t('comp.rule')}</label>
          <select id="comp-rule" value={q.ruleId ?? ''} onChange={(e) => setFilter({ ruleId: e.target.value || undefined })}>
            <option value="">{t('comp.allRules')}</option>
            {ruleIds.map((id) => {
              const r = texts.data?.get(id);
              return (
                <option key={id} value={id}>
                  {r ? `${lang === 'en' ? r.en : r.vi} (${id})` : id}
                </option>
              );
            })}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="comp-status">{t('comp.status')}</label>
          <select id="comp-status" value={statusParam} onChange={(e) => setFilter({ status: e.target.value })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`viol.status.${s}`)}
              </option>
            ))}
            <option value="all">{t('comp.allStatuses')}</option>
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="comp-from">{t('comp.from')}</label>
          <DateInput id="comp-from" value={from} onChange={setFrom} />
          <label htmlFor="comp-to">{t('comp.to')}</label>
          <DateInput id="comp-to" value={to} onChange={setTo} />
          <button type="submit" className="btn">
            {t('comp.apply')}
          </button>
        </div>
        {(q.organisationId || q.ruleId || q.from || q.to || statusParam !== 'open') && (
          <a className="btn" href={href('/compliance')}>
            {t('comp.clear')}
          </a>
        )}
      </form>

      {hasRole(auth.me, REAUDIT_ROLES) && <Reaudit organisationId={q.organisationId ?? auth.me?.scopes.find((s) => s.organisationId)?.organisationId ?? undefined} />}

      <div className="two-col">
        <section className="card" aria-labelledby="by-org-h">
          <h2 id="by-org-h">{t('comp.byOrganisation')}</h2>
          {byOrg.error !== undefined && !byOrg.loading && <ErrorState error={byOrg.error} onRetry={byOrg.reload} />}
          {byOrg.loading && !byOrg.data && <Loading />}
          {byOrg.data && (byOrg.data.length === 0 ? <p className="muted">{t('comp.none')}</p> : groupTable(byOrg.data, 'organisation'))}
        </section>
        <section className="card" aria-labelledby="by-rule-h">
          <h2 id="by-rule-h">{t('comp.byRule')}</h2>
          {byRule.error !== undefined && !byRule.loading && <ErrorState error={byRule.error} onRetry={byRule.reload} />}
          {byRule.loading && !byRule.data && <Loading />}
          {byRule.data && (byRule.data.length === 0 ? <p className="muted">{t('comp.none')}</p> : groupTable(byRule.data, 'rule'))}
        </section>
      </div>

      <section className="card" aria-labelledby="viol-list-h">
        <h2 id="viol-list-h">{t('comp.list')}</h2>
        {list.error !== undefined && !list.loading && <ErrorState error={list.error} onRetry={list.reload} />}
        {list.loading && !list.data && <Loading />}
        {list.data &&
          (list.data.length === 0 ? (
            <p className="empty">{t('comp.none')}</p>
          ) : (
            <>
              <p className="muted" aria-live="polite">
                {t('comp.count', { n: list.data.length })}
              </p>
              <div className="table-wrap">
                <table className="violations-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('comp.candidate')}</th>
                      <th scope="col">{t('comp.rule')}</th>
                      <th scope="col">{t('comp.step')}</th>
                      <th scope="col">{t('comp.organisation')}</th>
                      <th scope="col">{t('comp.due')}</th>
                      <th scope="col">{t('comp.actual')}</th>
                      <th scope="col">{t('comp.status')}</th>
                      <th scope="col">{t('comp.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.map((v) => (
                      <tr key={v.id} data-violation-id={v.id} data-rule={v.ruleId}>
                        <td>
                          <a href={href(`/cases/${v.caseId}`)}>{v.personName ?? t('comp.case')}</a>
                        </td>
                        <td>
                          <RuleText id={v.ruleId} texts={texts.data} />
                        </td>
                        <td>{label(v.step, lang)}</td>
                        <td>{v.organisationName ?? '—'}</td>
                        <td className="nowrap">{v.dueDate ? i.date(v.dueDate) : '—'}</td>
                        <td className="nowrap">{v.actualDate ? i.date(v.actualDate) : <span className="muted">{breachDate(v, i)}</span>}</td>
                        <td className="nowrap">
                          <ViolationStatus status={v.status} />
                        </td>
                        <td className="row-actions">
                          <a href={href(`/violations/${v.id}`)}>{t('comp.open')}</a>
                          {canExplain && v.status === 'open' && (
                            <a className="btn btn-small" href={href(`/violations/${v.id}`, { explain: '1' })} data-testid="explain-link">
                              {t('comp.explainAction')}
                            </a>
                          )}
                          {canAudit && <a href={href('/audit', { caseId: v.caseId })}>{t('comp.audit')}</a>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ))}
      </section>
    </>
  );
}

function jobStatusText(status: string | undefined, t: I18n['t']): string {
  if (status === 'queued' || status === 'waiting' || status === 'delayed') return t('job.queued');
  if (status === 'running' || status === 'active') return t('job.running');
  if (status === 'done' || status === 'completed') return t('job.done');
  if (status === 'failed') return t('job.failed');
  return '…';
}

/** A full re-audit of a subtree as a background job, with its progress. */
function Reaudit({ organisationId }: { organisationId: string | undefined }) {
  const { t } = useI18n();
  const [job, setJob] = useState<Job | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!jobId) return;
    let alive = true;
    const poll = async () => {
      try {
        const j = unwrap(await api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } }));
        if (!alive) return;
        setJob(j);
        if (!['completed', 'failed', 'done'].includes(j.status)) timer = setTimeout(poll, 2000);
      } catch (err) {
        if (alive) setError(err);
      }
    };
    let timer = setTimeout(poll, 300);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [jobId]);
  if (!organisationId) return null;
  return (
    <div className="reaudit">
      <button
        type="button"
        className="btn"
        onClick={async () => {
          setError(null);
          setJob(null);
          try {
            const r = unwrap(await api.POST('/api/v1/compliance/reaudit', { body: { organisationId } }));
            setJobId(r.jobId);
          } catch (err) {
            setError(err);
          }
        }}
      >
        {t('comp.reaudit')}
      </button>
      {jobId && (
        <span className="small" role="status" aria-live="polite">
          {' '}
          {t('comp.reauditStatus', { status: jobStatusText(job?.status, t), percent: job?.progress?.percent ?? 0 })}
          {job?.result && ` · ${t('comp.reauditResult', { opened: job.result.opened ?? 0, closed: job.result.closed ?? 0 })}`}
        </span>
      )}
      {error !== null && <ErrorState error={error} />}
    </div>
  );
}
