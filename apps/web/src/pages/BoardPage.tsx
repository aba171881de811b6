import { useEffect, useMemo, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { CaseSummary, CaseSummaryPage } from '../api/types';
import { DueDate, ErrorState, Loading } from '../components/common';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n } from '../i18n';
import { CASE_OPEN_ROLES, hasRole, useAuth } from '../auth';
import { STAGE_ORDER, label } from '../labels';
import { href, navigate, type Route } from '../router';
import { currentStepCodes } from '../components/case-logic';

const PAGE_SIZE = 100;

async function loadCases(query: { q?: string; overdue?: boolean; status: 'open' | 'closed'; cursor?: string }): Promise<CaseSummaryPage> {
  return unwrap(
    await api.GET('/api/v1/cases', {
      params: { query: { status: query.status, q: query.q || undefined, overdue: query.overdue || undefined, cursor: query.cursor, limit: PAGE_SIZE } },
    }),
  );
}

/** The cell committee's board: every open case by stage, what is due next, overdue in red. */
export function BoardPage({ route }: { route: Route }) {
  const i = useI18n();
  const { t, lang } = i;
  const q = route.query.get('q') ?? '';
  const overdue = route.query.get('overdue') === '1';
  const status = route.query.get('status') === 'closed' ? 'closed' : 'open';
  const [search, setSearch] = useState(q);
  const [extra, setExtra] = useState<CaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const heading = useFocusHeading('board');
  const auth = useAuth();

  const page = useAsync(() => loadCases({ q, overdue, status }), [q, overdue, status]);
  useEffect(() => {
    setExtra([]);
    setCursor(page.data?.nextCursor ?? null);
  }, [page.data]);

  const items = useMemo(() => [...(page.data?.items ?? []), ...extra], [page.data, extra]);
  const columns = useMemo(() => {
    const byStage = new Map<string, CaseSummary[]>();
    for (const c of items) {
      const list = byStage.get(c.stage) ?? [];
      list.push(c);
      byStage.set(c.stage, list);
    }
    const rank = (s: string) => (STAGE_ORDER.includes(s) ? STAGE_ORDER.indexOf(s) : STAGE_ORDER.length);
    return [...byStage.entries()]
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([stage, list]) => ({
        stage,
        list: list.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.nextDue?.due ?? '9999').localeCompare(b.nextDue?.due ?? '9999')),
      }));
  }, [items]);

  function setFilter(next: { q?: string; overdue?: boolean; status?: string }) {
    const merged = { q, overdue, status, ...next };
    navigate('/cases', { q: merged.q || undefined, overdue: merged.overdue ? '1' : undefined, status: merged.status === 'closed' ? 'closed' : undefined }, true);
  }

  async function loadMore() {
    if (!cursor) return;
    setMoreError(null);
    try {
      const next = await loadCases({ q, overdue, status, cursor });
      setExtra((e) => [...e, ...next.items]);
      setCursor(next.nextCursor);
    } catch (err) {
      setMoreError(err);
    }
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('board.title')}
      </h1>
      <p className="muted">{t('board.intro')}</p>
      {hasRole(auth.me, CASE_OPEN_ROLES) && (
        <p>
          <a className="btn btn-primary" href={href('/cases/new')} data-testid="new-case">
            + {t('board.newCase')}
          </a>
        </p>
      )}
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ q: search.trim() });
        }}
      >
        <div className="field field-inline">
          <label htmlFor="board-q">{t('board.search')}</label>
          <input id="board-q" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          <button type="submit" className="btn">
            {t('board.search')}
          </button>
        </div>
        <div className="field field-inline">
          <label htmlFor="board-status">{t('board.status')}</label>
          <select id="board-status" value={status} onChange={(e) => setFilter({ status: e.target.value })}>
            <option value="open">{t('board.statusOpen')}</option>
            <option value="closed">{t('board.statusClosed')}</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(e) => setFilter({ overdue: e.target.checked })} /> {t('board.overdueOnly')}
        </label>
      </form>

      {page.error !== undefined && !page.loading && <ErrorState error={page.error} onRetry={page.reload} />}
      {page.loading && !page.data && <Loading />}
      {page.data && (
        <>
          <p className="muted" aria-live="polite">
            {t('board.count', { n: items.length })}
          </p>
          {items.length === 0 ? (
            <p className="empty">{t('board.empty')}</p>
          ) : (
            <div className="board">
              {columns.map(({ stage, list }) => (
                <section key={stage} className="column" aria-labelledby={`col-${stage}`} data-stage={stage}>
                  <h2 id={`col-${stage}`}>
                    {label(stage, lang)} <span className="count">{list.length}</span>
                  </h2>
                  <ul className="cards">
                    {list.map((c) => (
                      <li key={c.id} className={`case-card${c.overdue ? ' is-overdue' : ''}`} data-case-id={c.id}>
                        <a href={href(`/cases/${c.id}`)} className="case-link">
                          {c.person.fullName}
                        </a>
                        <div className="muted small" data-card-state={c.state}>
                          {currentStepCodes(c.state)
                            .map((code) => label(code, lang))
                            .join(' · ')}
                        </div>
                        <div className="small">{c.organisation?.name}</div>
                        <div className="next-due small">
                          {c.nextDue ? (
                            <>
                              <span>{t('board.next')}: </span>
                              <span>{label(c.nextDue.timerId ?? c.nextDue.key, lang, c.nextDue.label)}</span>
                              {' · '}
                              <DueDate date={c.nextDue.due} calendarStatus={c.nextDue.status === 'provisional' ? 'provisional' : undefined} />
                            </>
                          ) : (
                            <span className="muted">{t('board.noDue')}</span>
                          )}
                        </div>
                        {c.overdue && <span className="badge badge-danger">{t('board.overdue')}</span>}
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </div>
          )}
          {cursor && (
            <button type="button" className="btn" onClick={loadMore}>
              {t('board.more')}
            </button>
          )}
          {moreError !== null && <ErrorState error={moreError} onRetry={loadMore} />}
        </>
      )}
    </>
  );
}
