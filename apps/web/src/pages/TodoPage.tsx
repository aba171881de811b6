import { useMemo, useState } from 'react';
import { exportTodo, listTodo, type TodoCountdown, type TodoItem, type TodoQuery } from '../api/work';
import { Countdown } from '../components/Countdown';
import { DateInput } from '../components/DateInput';
import { ErrorState, Loading } from '../components/common';
import { OrgTreeSelect } from '../components/OrgTreeSelect';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n } from '../i18n';
import { OCCUPATION_CATEGORIES, STAGE_ORDER, categoryLabel, label } from '../labels';
import { href, navigate, type Route } from '../router';

/** "còn 12 ngày làm việc" / "quá hạn 3 ngày" as the server counted it (libs/procedure's calendar). */
export function TodoCountdownBadge({ countdown, overdue }: { countdown: TodoCountdown | null; overdue: boolean }) {
  const { t } = useI18n();
  if (!countdown) return overdue ? <span className="badge badge-danger countdown">{t('work.overdueUnknown')}</span> : <span className="muted small">{t('work.noCount')}</span>;
  if (countdown.overdueDays === 0 && countdown.left === null) return <span className="muted small">{t('work.noCount')}</span>;
  return <Countdown countdown={countdown} />;
}

function queryOf(route: Route): TodoQuery {
  const g = (k: string) => route.query.get(k) || undefined;
  const overdue = route.query.get('overdue');
  return {
    organisationId: g('organisationId'),
    stage: g('stage'),
    category: g('category'),
    dueFrom: g('dueFrom'),
    dueTo: g('dueTo'),
    overdue: overdue === 'true' || overdue === 'false' ? overdue : undefined,
  };
}

/**
 * "Việc cần làm": what is due across the caller's cases, soonest first, with the candidate, the
 * step and the countdown; filters in the address; a list or a table, exported as CSV or XLSX.
 */
export function TodoPage({ route }: { route: Route }) {
  const i = useI18n();
  const { t, lang } = i;
  const heading = useFocusHeading('todo');
  const q = queryOf(route);
  const view = route.query.get('view') === 'table' ? 'table' : 'list';
  const key = JSON.stringify(q);
  const list = useAsync(() => listTodo(q), [key]);
  // The stages to choose from: those of every item due in the scope, whatever the filters.
  const all = useAsync(() => listTodo({}), []);
  const [from, setFrom] = useState(q.dueFrom ?? '');
  const [to, setTo] = useState(q.dueTo ?? '');
  const [exportError, setExportError] = useState<unknown>(null);
  const [exported, setExported] = useState<string | null>(null);
  const stages = useMemo(() => {
    const seen = [...new Set((all.data?.items ?? []).map((x) => x.stage))];
    const rank = (s: string) => (STAGE_ORDER.includes(s) ? STAGE_ORDER.indexOf(s) : STAGE_ORDER.length);
    return seen.sort((a, b) => rank(a) - rank(b));
  }, [all.data]);

  function setFilter(next: Partial<Record<keyof TodoQuery | 'view', string | undefined>>) {
    navigate('/todo', { ...q, view: view === 'table' ? 'table' : undefined, ...next }, true);
  }
  const filtered = Object.values(q).some(Boolean);
  const dateOk = (s: string) => s === '' || /^\d{4}-\d{2}-\d{2}$/.test(s);

  async function download(format: 'csv' | 'xlsx') {
    setExportError(null);
    setExported(null);
    try {
      setExported(await exportTodo(q, format));
    } catch (err) {
      setExportError(err);
    }
  }

  const items = list.data?.items ?? [];
  const step = (x: TodoItem) => (lang === 'en' ? x.deadline.label.en : x.deadline.label.vi);
  const caseLink = (x: TodoItem) => href(`/cases/${x.caseId}`);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('work.title')}
      </h1>
      <p className="muted">{t('work.intro')}</p>

      <form
        className="filters"
        aria-label={t('work.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          if (!dateOk(from) || !dateOk(to)) return;
          setFilter({ dueFrom: from || undefined, dueTo: to || undefined });
        }}
      >
        <OrgTreeSelect id="todo-org" label={t('comp.organisation')} allLabel={t('comp.allOrganisations')} value={q.organisationId} onChange={(id) => setFilter({ organisationId: id })} />
        <div className="field field-inline">
          <label htmlFor="todo-stage">{t('work.stage')}</label>
          <select id="todo-stage" value={q.stage ?? ''} onChange={(e) => setFilter({ stage: e.target.value || undefined })}>
            <option value="">{t('work.allStages')}</option>
            {[...stages, ...(q.stage && !stages.includes(q.stage) ? [q.stage] : [])].map((s) => (
              <option key={s} value={s}>
                {label(s, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="todo-category">{t('work.category')}</label>
          <select id="todo-category" value={q.category ?? ''} onChange={(e) => setFilter({ category: e.target.value || undefined })}>
            <option value="">{t('work.allCategories')}</option>
            {OCCUPATION_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="todo-overdue">{t('work.overdueFilter')}</label>
          <select id="todo-overdue" value={q.overdue ?? ''} onChange={(e) => setFilter({ overdue: e.target.value || undefined })}>
            <option value="">{t('work.overdueAll')}</option>
            <option value="true">{t('work.overdueOnly')}</option>
            <option value="false">{t('work.overdueNot')}</option>
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="todo-from">{t('work.dueFrom')}</label>
          <DateInput id="todo-from" value={from} onChange={setFrom} max={null} aria-invalid={!dateOk(from) || undefined} />
          <label htmlFor="todo-to">{t('work.dueTo')}</label>
          <DateInput id="todo-to" value={to} onChange={setTo} max={null} aria-invalid={!dateOk(to) || undefined} />
          <button type="submit" className="btn">
            {t('comp.apply')}
          </button>
        </div>
        {(!dateOk(from) || !dateOk(to)) && (
          <p className="field-error" role="alert">
            {t('work.badDate')}
          </p>
        )}
        {filtered && (
          <a className="btn" href={href('/todo', view === 'table' ? { view: 'table' } : undefined)}>
            {t('comp.clear')}
          </a>
        )}
      </form>

      <div className="toolbar" role="group" aria-label={t('work.view')}>
        <button type="button" className="btn" aria-pressed={view === 'list'} onClick={() => setFilter({ view: undefined })}>
          {t('work.viewList')}
        </button>
        <button type="button" className="btn" aria-pressed={view === 'table'} onClick={() => setFilter({ view: 'table' })}>
          {t('work.viewTable')}
        </button>
        <button type="button" className="btn" onClick={() => download('csv')} data-testid="todo-csv">
          {t('work.exportCsv')}
        </button>
        <button type="button" className="btn" onClick={() => download('xlsx')} data-testid="todo-xlsx">
          {t('work.exportXlsx')}
        </button>
        {exported && (
          <span className="small muted" role="status">
            {t('work.exported', { name: exported })}
          </span>
        )}
      </div>
      {exportError !== null && <ErrorState error={exportError} />}

      {list.error !== undefined && !list.loading && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <>
          <p className="muted" aria-live="polite" data-testid="todo-count">
            {t('work.count', { n: items.length })}
            {list.data.truncated ? ` ${t('work.truncated')}` : ''}
          </p>
          {items.length === 0 ? (
            <p className="empty">{filtered ? t('work.noneFiltered') : t('work.none')}</p>
          ) : view === 'list' ? (
            <ul className="todo-list" data-testid="todo-list">
              {items.map((x) => (
                <li key={`${x.caseId}:${x.deadline.key}`} className={`card todo-item${x.overdue ? ' todo-overdue' : ''}`} data-case-id={x.caseId} data-timer={x.deadline.timerId}>
                  <div className="todo-when">
                    <TodoCountdownBadge countdown={x.countdown} overdue={x.overdue} />
                    <span className="small">{x.deadline.limit ? t('work.dueOn', { date: i.date(x.deadline.limit) }) : t('work.noLimit')}</span>
                  </div>
                  <div className="todo-what">
                    <a href={caseLink(x)} className="todo-person">
                      {x.person.fullName}
                    </a>
                    <span>{step(x)}</span>
                    <span className="small muted">
                      {label(x.stage, lang)} · {x.organisation.name}
                      {x.deadline.responsible ? ` · ${label(x.deadline.responsible, lang)}` : ''}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <div className="table-wrap">
              <table className="todo-table" data-testid="todo-table">
                <thead>
                  <tr>
                    <th scope="col">{t('work.limit')}</th>
                    <th scope="col">{t('work.countdown')}</th>
                    <th scope="col">{t('work.candidate')}</th>
                    <th scope="col">{t('work.step')}</th>
                    <th scope="col">{t('work.stage')}</th>
                    <th scope="col">{t('comp.organisation')}</th>
                    <th scope="col">{t('work.responsible')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((x) => (
                    <tr key={`${x.caseId}:${x.deadline.key}`} data-case-id={x.caseId}>
                      <td className="nowrap">{x.deadline.limit ? i.date(x.deadline.limit) : '—'}</td>
                      <td className="nowrap">
                        <TodoCountdownBadge countdown={x.countdown} overdue={x.overdue} />
                      </td>
                      <td>
                        <a href={caseLink(x)}>{x.person.fullName}</a>
                      </td>
                      <td>{step(x)}</td>
                      <td>{label(x.stage, lang)}</td>
                      <td>{x.organisation.name}</td>
                      <td>{x.deadline.responsible ? label(x.deadline.responsible, lang) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
