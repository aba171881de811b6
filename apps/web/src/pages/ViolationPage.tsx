import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import type { Violation, ViolationHistoryEntry } from '../api/types';
import { ruleTexts } from '../api/supervision';
import { AUDIT_READ_ROLES, EXPLAIN_ROLES, RESOLVE_ROLES, hasRole, useAuth } from '../auth';
import { ErrorState, Loading, Section, citationText } from '../components/common';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n } from '../i18n';
import { readable } from '../i18n/readable';
import { label } from '../labels';
import { currentRoute, href } from '../router';
import { RuleText, ViolationStatus } from './CompliancePage';

async function loadViolation(id: string): Promise<{ violation: Violation; history: ViolationHistoryEntry[] }> {
  const [violation, history] = await Promise.all([
    api.GET('/api/v1/violations/{id}', { params: { path: { id } } }).then((r) => unwrap(r)),
    api.GET('/api/v1/violations/{id}/history', { params: { path: { id } } }).then((r) => unwrap(r)),
  ]);
  return { violation, history };
}

/** One violation: the rule and its citation, the facts, the history; explain (responsible body) and resolve (inspection). */
export function ViolationPage({ id }: { id: string }) {
  const i = useI18n();
  const { t, lang } = i;
  const auth = useAuth();
  const data = useAsync(() => loadViolation(id), [id]);
  const texts = useAsync(ruleTexts, []);
  const heading = useFocusHeading(id);
  // "Gửi giải trình" from the list (?explain=1): straight to the explanation box.
  const wantsExplain = currentRoute().query.get('explain') === '1';
  const loaded = data.data !== undefined;
  useEffect(() => {
    if (!wantsExplain || !loaded) return;
    const box = document.getElementById('viol-explain');
    box?.scrollIntoView({ block: 'center' });
    box?.focus();
  }, [wantsExplain, loaded]);

  if (data.loading && !data.data) return <Loading />;
  if (!data.data)
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {t('viol.title')}
        </h1>
        <ErrorState error={data.error} onRetry={data.reload} />
        <p>
          <a href={href('/compliance')}>← {t('nav.compliance')}</a>
        </p>
      </>
    );
  const { violation: v, history } = data.data;
  const reason = v.details?.reason ? readable(i.pick(v.details.reason as never), lang) : '';
  const storedCitation = v.details?.citation ? citationText(v.details.citation) : '';
  const canExplain = hasRole(auth.me, EXPLAIN_ROLES) && (v.status === 'open' || v.status === 'explained');
  const canResolve = hasRole(auth.me, RESOLVE_ROLES) && v.status === 'explained';

  return (
    <div className="violation-page">
      <p className="breadcrumb">
        <a href={href('/compliance')}>← {t('nav.compliance')}</a>
      </p>
      <header className="case-header">
        <h1 ref={heading} tabIndex={-1}>
          {t('viol.title')}
          {v.personName ? `: ${v.personName}` : ''}
        </h1>
        <p data-testid="violation-rule">
          <RuleText id={v.ruleId} texts={texts.data} withCitation={!storedCitation} />
          {storedCitation && (
            <span className="rule-citation">
              {' '}
              ({t('refusal.citation')}: {storedCitation})
            </span>
          )}
        </p>
        {reason && <p>{reason}</p>}
        <dl className="facts">
          <div>
            <dt>{t('comp.status')}</dt>
            <dd data-testid="violation-status" data-status={v.status}>
              <ViolationStatus status={v.status} />
            </dd>
          </div>
          <div>
            <dt>{t('comp.candidate')}</dt>
            <dd>{v.personName ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('comp.step')}</dt>
            <dd>{label(v.step, lang)}</dd>
          </div>
          <div>
            <dt>{t('comp.organisation')}</dt>
            <dd>{v.organisationName ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('comp.due')}</dt>
            <dd>{v.dueDate ? i.date(v.dueDate) : '—'}</dd>
          </div>
          <div>
            <dt>{t('comp.actual')}</dt>
            <dd>{v.actualDate ? i.date(v.actualDate) : '—'}</dd>
          </div>
          <div>
            <dt>{t('viol.source')}</dt>
            <dd>{v.source === 'audit' ? t('viol.source.audit') : t('viol.source.live')}</dd>
          </div>
        </dl>
        <p className="row-actions">
          <a href={href(`/cases/${v.caseId}`)}>{t('comp.case')}</a>
          {hasRole(auth.me, AUDIT_READ_ROLES) && <a href={href('/audit', { caseId: v.caseId })}>{t('comp.audit')}</a>}
        </p>
      </header>

      {v.explanation && (
        <Section id="explanation" title={t('viol.explanation')}>
          <p className="prewrap">{v.explanation}</p>
          {v.explainedAt && <p className="small muted">{i.dateTime(v.explainedAt)}</p>}
        </Section>
      )}
      {v.resolution && (
        <Section id="resolution" title={t('viol.resolution')}>
          <p className="prewrap">{v.resolution}</p>
          {v.resolvedAt && <p className="small muted">{i.dateTime(v.resolvedAt)}</p>}
        </Section>
      )}
      {v.clearedByAudit && <p className="alert alert-info">{t('viol.cleared')}</p>}

      {canExplain && <TextAction id={v.id} kind="explain" initial={v.explanation ?? ''} onDone={data.reload} />}
      {canResolve && <TextAction id={v.id} kind="resolve" initial="" onDone={data.reload} />}
      {hasRole(auth.me, RESOLVE_ROLES) && v.status === 'open' && <p className="muted">{t('viol.resolveNeedsExplanation')}</p>}

      <Section id="history" title={t('viol.history')}>
        {history.length === 0 ? (
          <p className="muted">{t('app.none')}</p>
        ) : (
          <ol className="timeline">
            {history.map((h, n) => (
              <li key={n}>
                <time dateTime={h.at}>{i.dateTime(h.at)}</time>
                <div>
                  {h.fromStatus ? `${t(`viol.status.${h.fromStatus}` as 'viol.status.open')} → ` : ''}
                  <strong>{t(`viol.status.${h.toStatus}` as 'viol.status.open')}</strong>
                </div>
                {h.text && <div className="small prewrap">{h.text}</div>}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </div>
  );
}

function TextAction({ id, kind, initial, onDone }: { id: string; kind: 'explain' | 'resolve'; initial: string; onDone(): void }) {
  const { t } = useI18n();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const fieldId = `viol-${kind}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    setError(null);
    try {
      const path = kind === 'explain' ? '/api/v1/violations/{id}/explain' : '/api/v1/violations/{id}/resolve';
      unwrap(await api.POST(path, { params: { path: { id } }, body: { text: text.trim() } }));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id={`${kind}-form`} title={kind === 'explain' ? t('viol.explain') : t('viol.resolve')} intro={kind === 'explain' ? t('viol.explainIntro') : t('viol.resolveIntro')}>
      <form onSubmit={submit} noValidate data-action={kind}>
        <div className="field">
          <label htmlFor={fieldId}>{kind === 'explain' ? t('viol.explanation') : t('viol.resolution')}</label>
          <textarea
            id={fieldId}
            rows={4}
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${fieldId}-err` : undefined}
          />
          {missing && (
            <p id={`${fieldId}-err`} className="field-error" role="alert">
              {t('viol.textRequired')}
            </p>
          )}
        </div>
        {error !== null && (error instanceof ApiError && error.status === 409 ? <p className="alert alert-warn" role="alert">{t('viol.stateChanged')}</p> : <ErrorState error={error} />)}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('form.busy') : kind === 'explain' ? t('viol.explainSubmit') : t('viol.resolveSubmit')}
          </button>
        </div>
      </form>
    </Section>
  );
}
