// The supervisors' reports: admissions against targets by category and period (charts drawn by
// chart.js, loaded only here), coverage and pipeline tables, CSV/XLSX exports. This page is its own
// chunk (React.lazy in App.tsx) and chart.js another one (import() in BarChart.tsx).
import { useEffect, useState, type FormEvent } from 'react';
import { api, downloadFile, unwrap } from '../api/client';
import type { AdmissionsReport, CoverageReport, Period, PipelineReport, TargetCategory, TargetProgress } from '../api/types';
import { TARGET_ROLES, hasRole, useAuth } from '../auth';
import { BarChart } from '../charts/BarChart';
import { ErrorState, Loading, Section } from '../components/common';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n, type I18n } from '../i18n';
import { CATEGORY_LABELS, OCCUPATION_CATEGORIES, REPORT_FLAGS, categoryLabel, label, periodLabel } from '../labels';
import { href, navigate, type Route } from '../router';

const PERIODS: Period[] = ['month', 'quarter', 'half', 'year'];
const COLORS = { admissions: '#b3261e', recognitions: '#1d5fa8', removals: '#8a6d1d', target: '#2e7d32' };

function countOf(c: AdmissionsReport['total']['admissions'], category: string): number {
  if (category === 'total') return c.total;
  return c.occupation[category] ?? c.flags[category] ?? 0;
}

/** "1.749 = 109% kế hoạch" (the seed article's way of saying it). */
export function progressText(p: TargetProgress, i: I18n): string {
  return p.percent === null ? i.t('report.noTargetValue', { actual: i.num(p.actual) }) : i.t('report.progress', { actual: i.num(p.actual), percent: p.percent });
}

export default function ReportsPage({ route }: { route: Route }) {
  const i = useI18n();
  const { t, lang } = i;
  const auth = useAuth();
  const heading = useFocusHeading('reports');
  const scopes = (auth.me?.scopes ?? []).filter((s) => s.organisationId);
  const organisationId = route.query.get('organisationId') || (scopes.length === 1 ? (scopes[0]!.organisationId ?? undefined) : undefined);
  const year = Number(route.query.get('year')) || new Date().getFullYear();
  const period = (PERIODS as string[]).includes(route.query.get('period') ?? '') ? (route.query.get('period') as Period) : 'quarter';
  const [yearInput, setYearInput] = useState(String(year));
  useEffect(() => setYearInput(String(year)), [year]);
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<string | null>(null);

  const admissions = useAsync(
    async () => unwrap(await api.GET('/api/v1/reports/admissions', { params: { query: { organisationId, year, period, format: 'json' } } })),
    [organisationId, year, period],
  );
  const coverage = useAsync(async () => unwrap(await api.GET('/api/v1/reports/coverage', { params: { query: { organisationId } } })), [organisationId]);
  const pipeline = useAsync(async () => unwrap(await api.GET('/api/v1/reports/pipeline', { params: { query: { organisationId } } })), [organisationId]);

  function setQuery(next: Record<string, string | undefined>) {
    navigate('/reports', { organisationId: route.query.get('organisationId') ?? undefined, year: String(year), period, ...next }, true);
  }

  async function exportAs(format: 'csv' | 'xlsx') {
    setExportError(null);
    setExporting(format);
    try {
      const qs = new URLSearchParams({ year: String(year), period, format });
      if (organisationId) qs.set('organisationId', organisationId);
      await downloadFile(`/api/v1/reports/admissions?${qs}`, `ket-nap-${year}-${period}.${format}`);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(null);
    }
  }

  const report = admissions.data;
  const orgOptions = new Map<string, string>();
  for (const s of scopes) orgOptions.set(s.organisationId!, s.organisationName ?? s.organisationCode ?? s.organisationId!);
  if (report) orgOptions.set(report.organisation.id, report.organisation.name);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('report.title')}
      </h1>
      <p className="muted">{t('report.intro')}</p>
      <form
        className="filters"
        aria-label={t('report.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          const y = Number(yearInput);
          if (Number.isInteger(y) && y >= 2000 && y <= 2200) setQuery({ year: String(y) });
        }}
      >
        {orgOptions.size > 0 && (
          <div className="field field-inline">
            <label htmlFor="rep-org">{t('report.organisation')}</label>
            <select id="rep-org" value={organisationId ?? ''} onChange={(e) => setQuery({ organisationId: e.target.value || undefined })}>
              {!organisationId && <option value="">{t('form.choose')}</option>}
              {[...orgOptions].map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field field-inline">
          <label htmlFor="rep-year">{t('report.year')}</label>
          <input id="rep-year" type="number" inputMode="numeric" min={2000} max={2200} value={yearInput} onChange={(e) => setYearInput(e.target.value)} className="input-year" />
          <button type="submit" className="btn">
            {t('comp.apply')}
          </button>
        </div>
        <div className="field field-inline">
          <label htmlFor="rep-period">{t('report.period')}</label>
          <select id="rep-period" value={period} onChange={(e) => setQuery({ period: e.target.value })}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`report.period.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions" role="group" aria-label={t('report.export')}>
          <button type="button" className="btn" data-export="csv" onClick={() => exportAs('csv')} disabled={exporting !== null}>
            {exporting === 'csv' ? t('report.exporting') : t('report.exportCsv')}
          </button>
          <button type="button" className="btn" data-export="xlsx" onClick={() => exportAs('xlsx')} disabled={exporting !== null}>
            {exporting === 'xlsx' ? t('report.exporting') : t('report.exportXlsx')}
          </button>
        </div>
      </form>
      {exportError !== null && <ErrorState error={exportError} />}

      {admissions.error !== undefined && !admissions.loading && <ErrorState error={admissions.error} onRetry={admissions.reload} />}
      {admissions.loading && !report && <Loading />}
      {report && (
        <>
          <p className="small muted">
            {report.organisation.name} · {t('report.year')} {report.year} · {i.pick(report.layoutNote)}
          </p>
          <Targets report={report} canSet={hasRole(auth.me, TARGET_ROLES)} onChanged={admissions.reload} />
          <Periods report={report} />
          <Categories report={report} />
          <ByOrganisation report={report} year={year} period={period} />
        </>
      )}

      <Section id="coverage" title={t('report.coverage')} intro={t('report.coverageIntro')}>
        {coverage.error !== undefined && !coverage.loading && <ErrorState error={coverage.error} onRetry={coverage.reload} />}
        {coverage.loading && !coverage.data && <Loading />}
        {coverage.data && <Coverage data={coverage.data} />}
      </Section>

      <Section id="pipeline" title={t('report.pipeline')} intro={t('report.pipelineIntro')}>
        {pipeline.error !== undefined && !pipeline.loading && <ErrorState error={pipeline.error} onRetry={pipeline.reload} />}
        {pipeline.loading && !pipeline.data && <Loading />}
        {pipeline.data && <Pipeline data={pipeline.data} lang={lang} />}
      </Section>
    </>
  );
}

function Targets({ report, canSet, onChanged }: { report: AdmissionsReport; canSet: boolean; onChanged(): void }) {
  const i = useI18n();
  const { t, lang } = i;
  const targets = report.targets;
  return (
    <Section id="targets" title={t('report.targets', { year: report.year })}>
      {targets.length === 0 ? (
        <p className="muted">{t('report.noTargets')}</p>
      ) : (
        <>
          <ul className="progress-list">
            {targets.map((p) => (
              <li key={p.category} data-category={p.category}>
                <div className="progress-head">
                  <strong>{categoryLabel(p.category, lang)}</strong>{' '}
                  <span data-testid={`progress-${p.category}`}>{progressText(p, i)}</span>{' '}
                  <span className="muted small">({t('report.targetOf', { target: i.num(p.target) })})</span>
                </div>
                <div
                  className={`bar${p.percent !== null && p.percent >= 100 ? ' bar-done' : ''}`}
                  role="progressbar"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.min(100, p.percent ?? 0)}
                  aria-label={categoryLabel(p.category, lang)}
                >
                  <span style={{ width: `${Math.min(100, p.percent ?? 0)}%` }} />
                </div>
              </li>
            ))}
          </ul>
          <BarChart
            testId="chart-targets"
            labels={targets.map((p) => categoryLabel(p.category, lang))}
            series={[
              { label: t('report.actual'), data: targets.map((p) => p.actual), color: COLORS.admissions },
              { label: t('report.target'), data: targets.map((p) => p.target), color: COLORS.target, line: true },
            ]}
            summary={targets.map((p) => `${categoryLabel(p.category, lang)}: ${progressText(p, i)}`).join('; ')}
          />
        </>
      )}
      {canSet && <TargetForm organisationId={report.organisation.id} year={report.year} onSaved={onChanged} />}
    </Section>
  );
}

function TargetForm({ organisationId, year, onSaved }: { organisationId: string; year: number; onSaved(): void }) {
  const { t, lang } = useI18n();
  const [category, setCategory] = useState<TargetCategory>('total');
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n > 10_000_000) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    setError(null);
    try {
      unwrap(await api.PUT('/api/v1/targets', { body: { organisationId, year, targets: [{ category, target: n }] } }));
      setValue('');
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="target-form">
      <summary>{t('report.setTarget')}</summary>
      <form onSubmit={submit} noValidate className="filters">
        <div className="field field-inline">
          <label htmlFor="tg-cat">{t('report.category')}</label>
          <select id="tg-cat" value={category} onChange={(e) => setCategory(e.target.value as TargetCategory)}>
            {Object.keys(CATEGORY_LABELS).map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="tg-val">{t('report.target')}</label>
          <input
            id="tg-val"
            type="number"
            inputMode="numeric"
            min={0}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? 'tg-val-err' : undefined}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('report.saveTarget')}
          </button>
        </div>
        {invalid && (
          <p id="tg-val-err" className="field-error" role="alert">
            {t('report.targetInvalid')}
          </p>
        )}
      </form>
      {error !== null && <ErrorState error={error} />}
    </details>
  );
}

function Periods({ report }: { report: AdmissionsReport }) {
  const i = useI18n();
  const { t, lang } = i;
  const labels = report.periods.map((p) => periodLabel(p.key, lang));
  return (
    <Section id="periods" title={t('report.byPeriod')}>
      <BarChart
        testId="chart-periods"
        labels={labels}
        series={[
          { label: t('report.admissions'), data: report.periods.map((p) => p.admissions.total), color: COLORS.admissions },
          { label: t('report.recognitions'), data: report.periods.map((p) => p.recognitions.counts.total), color: COLORS.recognitions },
          { label: t('report.removals'), data: report.periods.map((p) => p.removals.total), color: COLORS.removals },
        ]}
        summary={report.periods.map((p, n) => `${labels[n]}: ${t('report.admissions')} ${p.admissions.total}`).join('; ')}
      />
      <div className="table-wrap">
        <table className="counts">
          <thead>
            <tr>
              <th scope="col">{t('report.period')}</th>
              <th scope="col" className="num">
                {t('report.admissions')}
              </th>
              <th scope="col" className="num">
                {t('report.recognitions')}
              </th>
              <th scope="col" className="num">
                {t('report.recognitionsLate')}
              </th>
              <th scope="col" className="num">
                {t('report.removals')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...report.periods, ...(report.periods.length > 1 ? [report.total] : [])].map((p, n) => (
              <tr key={`${p.key}-${n}`} className={n === report.periods.length ? 'total-row' : undefined}>
                <th scope="row">{n === report.periods.length ? t('report.yearTotal') : periodLabel(p.key, lang)}</th>
                <td className="num">{i.num(p.admissions.total)}</td>
                <td className="num">{i.num(p.recognitions.counts.total)}</td>
                <td className="num">{i.num(p.recognitions.late)}</td>
                <td className="num">{i.num(p.removals.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function Categories({ report }: { report: AdmissionsReport }) {
  const i = useI18n();
  const { t, lang } = i;
  const targetOf = new Map(report.targets.map((p) => [p.category, p]));
  const row = (c: string) => {
    const p = targetOf.get(c);
    return (
      <tr key={c}>
        <th scope="row">{categoryLabel(c, lang)}</th>
        <td className="num">{i.num(countOf(report.total.admissions, c))}</td>
        <td className="num">{p ? i.num(p.target) : '—'}</td>
        <td className="num">{p && p.percent !== null ? `${p.percent}%` : '—'}</td>
      </tr>
    );
  };
  const used = OCCUPATION_CATEGORIES.filter((c) => countOf(report.total.admissions, c) > 0 || targetOf.has(c));
  return (
    <Section id="categories" title={t('report.byCategory')} intro={t('report.byCategoryIntro')}>
      <BarChart
        testId="chart-categories"
        labels={[...OCCUPATION_CATEGORIES, ...REPORT_FLAGS].map((c) => categoryLabel(c, lang))}
        series={[
          { label: t('report.admissions'), data: [...OCCUPATION_CATEGORIES, ...REPORT_FLAGS].map((c) => countOf(report.total.admissions, c)), color: COLORS.admissions },
          { label: t('report.target'), data: [...OCCUPATION_CATEGORIES, ...REPORT_FLAGS].map((c) => targetOf.get(c)?.target ?? NaN), color: COLORS.target, line: true },
        ]}
        summary={[...OCCUPATION_CATEGORIES, ...REPORT_FLAGS].map((c) => `${categoryLabel(c, lang)}: ${countOf(report.total.admissions, c)}`).join('; ')}
        height={300}
      />
      <div className="table-wrap">
        <table className="counts">
          <thead>
            <tr>
              <th scope="col">{t('report.category')}</th>
              <th scope="col" className="num">
                {t('report.admissions')}
              </th>
              <th scope="col" className="num">
                {t('report.target')}
              </th>
              <th scope="col" className="num">
                %
              </th>
            </tr>
          </thead>
          <tbody>
            {row('total')}
            {(used.length ? used : OCCUPATION_CATEGORIES).map(row)}
            {REPORT_FLAGS.map(row)}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function ByOrganisation({ report, year, period }: { report: AdmissionsReport; year: number; period: Period }) {
  const i = useI18n();
  const { t } = i;
  if (report.byOrganisation.length === 0) return null;
  return (
    <Section id="by-organisation" title={t('report.byOrganisation')}>
      <div className="table-wrap">
        <table className="counts">
          <thead>
            <tr>
              <th scope="col">{t('report.organisation')}</th>
              <th scope="col" className="num">
                {t('report.admissions')}
              </th>
              <th scope="col" className="num">
                {t('report.recognitions')}
              </th>
              <th scope="col" className="num">
                {t('report.removals')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.byOrganisation.map((r, n) => (
              <tr key={r.organisation?.id ?? `rest-${n}`}>
                <th scope="row">
                  {r.organisation ? (
                    <a href={href('/reports', { organisationId: r.organisation.id, year: String(year), period })}>{r.organisation.name}</a>
                  ) : (
                    t('report.elsewhere')
                  )}
                </th>
                <td className="num">{i.num(r.admissions.total)}</td>
                <td className="num">{i.num(r.recognitions)}</td>
                <td className="num">{i.num(r.removals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function Coverage({ data }: { data: CoverageReport }) {
  const i = useI18n();
  const { t } = i;
  const b = data.baseOrganisations;
  return (
    <>
      <p>
        {t('report.coverageHamlets', { total: data.hamlets.total, noCell: data.hamlets.noCell, noMember: data.hamlets.noMember, asOf: i.date(data.asOf) })}
      </p>
      {data.hamlets.gaps.length > 0 && (
        <div className="table-wrap">
          <table className="counts" data-testid="coverage-gaps">
            <thead>
              <tr>
                <th scope="col">{t('report.hamlet')}</th>
                <th scope="col">{t('report.gap')}</th>
              </tr>
            </thead>
            <tbody>
              {data.hamlets.gaps.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{g.name}</th>
                  <td>{g.gap === 'noCell' ? t('report.gap.noCell') : t('report.gap.noMember')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {t('report.coverageBases', {
          admitting: b.admitting,
          total: b.total,
          share: b.share === null ? '—' : b.share.toLocaleString(i.lang === 'vi' ? 'vi-VN' : 'en-GB'),
          from: i.date(data.from),
          to: i.date(data.to),
        })}
      </p>
      {b.items.length > 0 && (
        <div className="table-wrap">
          <table className="counts">
            <thead>
              <tr>
                <th scope="col">{t('report.base')}</th>
                <th scope="col" className="num">
                  {t('report.admissions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {b.items.map((x) => (
                <tr key={x.id} className={x.admitted === 0 ? 'is-zero' : undefined}>
                  <th scope="row">{x.name}</th>
                  <td className="num">{i.num(x.admitted)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Pipeline({ data, lang }: { data: PipelineReport; lang: 'vi' | 'en' }) {
  const i = useI18n();
  const { t } = i;
  if (data.stages.length === 0) return <p className="muted">{t('report.noOpenCases')}</p>;
  return (
    <>
      <p>{t('report.openCases', { n: data.openCases, asOf: i.date(data.asOf) })}</p>
      <div className="table-wrap">
        <table className="counts" data-testid="pipeline">
          <thead>
            <tr>
              <th scope="col">{t('case.stage')}</th>
              <th scope="col" className="num">
                {t('report.cases')}
              </th>
              <th scope="col" className="num">
                {t('board.overdue')}
              </th>
              <th scope="col" className="num">
                {t('report.waitAvg')}
              </th>
              <th scope="col" className="num">
                {t('report.waitMedian')}
              </th>
              <th scope="col" className="num">
                {t('report.waitMax')}
              </th>
              <th scope="col" className="num">
                ≤30
              </th>
              <th scope="col" className="num">
                31–90
              </th>
              <th scope="col" className="num">
                91–180
              </th>
              <th scope="col" className="num">
                &gt;180
              </th>
            </tr>
          </thead>
          <tbody>
            {data.stages.map((s) => (
              <tr key={s.stage}>
                <th scope="row">{label(s.stage, lang)}</th>
                <td className="num">{s.cases}</td>
                <td className="num">{s.overdue}</td>
                <td className="num">{s.waitingDays.average}</td>
                <td className="num">{s.waitingDays.median}</td>
                <td className="num">{s.waitingDays.max}</td>
                <td className="num">{s.buckets.upTo30}</td>
                <td className="num">{s.buckets.upTo90}</td>
                <td className="num">{s.buckets.upTo180}</td>
                <td className="num">{s.buckets.over180}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">{t('report.waitNote')}</p>
    </>
  );
}
