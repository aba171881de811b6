import type { ReactNode } from 'react';
import { ApiError, NetworkError } from '../api/client';
import type { RuleFailure } from '../api/types';
import { useI18n, type Lang } from '../i18n';
import { readable } from '../i18n/readable';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}

/** The error state of a page or a section: what failed, in plain words, and a way to retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  let title = t('problem.generic');
  let detail: ReactNode = null;
  if (error instanceof NetworkError) {
    title = t('problem.network');
  } else if (error instanceof ApiError) {
    if (error.endpointMissing) {
      title = t('problem.notAvailable', { path: error.path });
    } else {
      title = (lang === 'en' ? error.problem.titleEn : error.problem.title) || error.problem.title || `HTTP ${error.status}`;
      if (error.status === 403) detail = t('problem.forbidden');
      else if (error.problem.detail && error.status < 500) detail = error.problem.detail;
    }
  } else if (error instanceof Error) {
    detail = error.message;
  }
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{title}</p>
      {detail && <p>{detail}</p>}
      {error instanceof ApiError && error.status >= 400 && !error.endpointMissing && (
        <p className="muted small">
          HTTP {error.status} · {error.path}
        </p>
      )}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}

export function citationText(c: RuleFailure['citation'], lang: Lang = 'vi'): string {
  return readable((c ?? []).map((x) => (typeof x === 'string' ? x : `${x.instrument} ${x.section}`.trim())).join('; '), lang);
}

/** One rule that refused a step: id, explanation in the user's language, legal citation, reason. */
export function RuleItem({ rule }: { rule: RuleFailure }) {
  const { t, lang, pick } = useI18n();
  const citation = citationText(rule.citation, lang);
  const reason = rule.reason ? readable(pick(rule.reason), lang) : '';
  return (
    <li className="rule">
      <span className="rule-id">{rule.id}</span> <span>{lang === 'en' ? rule.en || rule.vi : readable(rule.vi, lang)}</span>
      {reason && <span className="rule-reason"> — {reason}</span>}
      {citation && (
        <span className="rule-citation">
          {' '}
          ({t('refusal.citation')}: {citation})
        </span>
      )}
    </li>
  );
}

/** A local date; "tạm tính" (provisional) where the calendar year it depends on is not confirmed. */
export function DueDate({ date, calendarStatus }: { date: string | null | undefined; calendarStatus?: string }) {
  const i = useI18n();
  if (!date && calendarStatus === 'awaitingCalendar') return <span className="badge badge-warn">{i.t('app.awaitingCalendar')}</span>;
  if (!date) return <span className="muted">—</span>;
  return (
    <>
      <time dateTime={date}>{i.date(date)}</time>
      {calendarStatus === 'provisional' && (
        <>
          {' '}
          <span className="badge badge-warn" title={i.t('app.provisionalHint')}>
            {i.t('app.provisional')}
          </span>
        </>
      )}
    </>
  );
}

export function Section({ id, title, children, intro }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      {intro && <p className="muted">{intro}</p>}
      {children}
    </section>
  );
}
