import { useEffect, useState } from 'react';
import { ApiError, tokens } from '../api/client';
import { loadCase } from '../api/cases';
import type { CaseView, EventType } from '../api/types';
import { procedureEvents } from '../api/procedure';
import { DueDate, ErrorState, Loading, RuleItem, Section, citationText } from '../components/common';
import { CaseStepper } from '../components/CaseStepper';
import { Countdown } from '../components/Countdown';
import { currentStepCodes, reconcile, relevant } from '../components/case-logic';
import { todayInVietnam } from '../components/form-model';
import { readable } from '../i18n/readable';
import { Paperwork } from '../components/Paperwork';
import { EventForm, eventLabel } from '../components/EventForm';
import { TimelineCorrection } from '../components/CorrectionDialog';
import { AUDIT_READ_ROLES, hasRole, rolesOf, useAuth } from '../auth';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n } from '../i18n';
import { label } from '../labels';
import { href } from '../router';

/** performance.mark set once per page load when the case page's main content has rendered. */
export const CASE_MAIN_MARK = 'kn:case-main';

const early = new Map<string, Promise<CaseView>>();

/**
 * At start-up (main.tsx), when the address is a case page and a session is stored: the case and the
 * step catalogue are asked for alongside the session check (GET /auth/me), not after it; the page
 * takes the answer once. A failed early answer is asked for again by the page.
 */
export function prefetchCasePage(hash: string): void {
  const m = /^#\/cases\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?]|$)/i.exec(hash);
  if (!m || !tokens.get()) return;
  const p = loadCase(m[1]!);
  p.catch(() => undefined);
  early.set(m[1]!, p);
  procedureEvents().catch(() => undefined);
}

function caseOnce(id: string): Promise<CaseView> {
  const p = early.get(id);
  if (!p) return loadCase(id);
  early.delete(id);
  return p.catch(() => loadCase(id));
}

export function CasePage({ id }: { id: string }) {
  const i = useI18n();
  const { t, lang } = i;
  const auth = useAuth();
  const kase = useAsync(() => caseOnce(id), [id]);
  const events = useAsync(procedureEvents, []);
  const [openForm, setOpenForm] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const heading = useFocusHeading(id);
  // The browser's own timing of "the case page's main content is on screen" (the case and the
  // step labels rendered), read by `npm run bench -- --only browser` (test/bench/case-page-browser.mjs).
  const mainReady = Boolean(kase.data && (events.data || events.error !== undefined));
  useEffect(() => {
    if (mainReady && typeof performance !== 'undefined' && performance.getEntriesByName(CASE_MAIN_MARK).length === 0) performance.mark(CASE_MAIN_MARK);
  }, [mainReady]);

  if (kase.loading && !kase.data) return <Loading />;
  if (!kase.data) {
    const notFound = kase.error instanceof ApiError && kase.error.status === 404 && !kase.error.endpointMissing;
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {t('case.title')}
        </h1>
        {notFound ? <p className="alert alert-error">{t('case.notFound')}</p> : <ErrorState error={kase.error} onRetry={kase.reload} />}
        <p>
          <a href={href('/cases')}>← {t('nav.board')}</a>
        </p>
      </>
    );
  }
  const c = kase.data;
  const person = c.person ?? { id: '', fullName: '—' };
  const byType = new Map<string, EventType>((events.data ?? []).map((e) => [e.type, e]));
  const checklist = c.checklist ?? { allowed: [], blocked: [], requirements: [] };
  const deadlines = (c.deadlines ?? []).filter((d) => d.status === 'pending');
  // Steps this user may record: the system's own events (timers, imports) are not offered.
  const roles = rolesOf(auth.me);
  const mayRecord = (type: string) => {
    const ev = byType.get(type);
    if (!ev) return true;
    return ev.body !== 'SYSTEM' && (roles.length === 0 || ev.roles.some((r) => roles.includes(r)));
  };
  // Only what this case can take now: steps that make sense for it (case-logic `relevant`).
  const today = todayInVietnam();
  const fits = (type: string) => relevant(c, type, today);
  const allowed = checklist.allowed.filter(mayRecord).filter(fits);
  const blocked = checklist.blocked.filter((b) => fits(b.type) && (mayRecord(b.type) || b.type !== 'deadline.fired'));
  const requirements = reconcile(checklist.requirements ?? [], blocked);

  // A step's button and, once opened, its generated form. A blocked step can still be tried: the
  // checklist judges it as of today, while the server judges the event at its own (earlier) date.
  function renderStep(type: string, blocked: boolean) {
    const ev = byType.get(type);
    const open = openForm === type;
    return (
      <div key={type} className="step">
        <button
          type="button"
          className={`btn${open ? ' btn-primary' : ''}`}
          aria-expanded={open}
          data-event={type}
          onClick={() => {
            setSaved(false);
            setOpenForm(open ? null : type);
          }}
        >
          {blocked ? t('case.tryBlocked') : eventLabel(ev, type, i)}
        </button>
        {open &&
          (ev ? (
            <EventForm
              key={`${type}-${c.version}`}
              caseView={c}
              event={ev}
              onDone={(updated) => {
                kase.setData(updated);
                setOpenForm(null);
                setSaved(true);
              }}
              onReload={() => {
                setOpenForm(null);
                kase.reload();
              }}
              onCancel={() => setOpenForm(null)}
            />
          ) : events.loading ? (
            <Loading />
          ) : (
            <p className="alert alert-error">{t('form.noSchema')}</p>
          ))}
      </div>
    );
  }

  return (
    <div className="case-page">
      <p className="breadcrumb">
        <a href={href('/cases')}>← {t('nav.board')}</a>
        {hasRole(auth.me, AUDIT_READ_ROLES) && (
          <>
            {' · '}
            <a href={href('/audit', { caseId: c.id })}>{t('comp.audit')}</a>
          </>
        )}
      </p>
      <header className="case-header" data-version={c.version}>
        <h1 ref={heading} tabIndex={-1}>
          {person.fullName}
        </h1>
        <dl className="facts">
          <div>
            <dt>{t('case.state')}</dt>
            <dd data-testid="case-state" data-state={c.state}>
              {currentStepCodes(c.state)
                .map((code) => label(code, lang))
                .join(' · ')}
            </dd>
          </div>
          <div>
            <dt>{t('case.stage')}</dt>
            <dd>{label(c.stage, lang)}</dd>
          </div>
          <div>
            <dt>{t('case.organisation')}</dt>
            <dd>{c.organisation?.name}</dd>
          </div>
          {person.birthDate && (
            <div>
              <dt>{t('case.birthDate')}</dt>
              <dd>{i.date(person.birthDate)}</dd>
            </div>
          )}
          {person.sex && (
            <div>
              <dt>{t('case.sex')}</dt>
              <dd>{person.sex === 'female' ? t('sex.female') : person.sex === 'male' ? t('sex.male') : person.sex}</dd>
            </div>
          )}
          <div>
            <dt>{t('case.status')}</dt>
            <dd>
              {c.status === 'open' ? t('status.open') : c.status === 'closed' ? t('status.closed') : c.status}
              {c.outcome ? ` · ${label(c.outcome, lang)}` : ''}
            </dd>
          </div>
          {c.edition && (
            <div>
              <dt>{t('case.edition')}</dt>
              <dd>{c.edition}</dd>
            </div>
          )}
        </dl>
      </header>

      <Section id="path" title={t('stepper.title')}>
        <CaseStepper caseView={c} />
      </Section>

      <div className="case-grid">
        <div className="case-main">
          <Section id="next" title={t('case.next')} intro={t('case.nextIntro')}>
            {saved && (
              <p className="alert alert-ok" role="status">
                {t('form.saved')}
              </p>
            )}
            {events.error !== undefined && !events.loading && <ErrorState error={events.error} onRetry={events.reload} />}
            {allowed.length === 0 ? (
              <p className="muted">{t('case.noAllowed')}</p>
            ) : (
              <div className="next-steps">{allowed.map((type) => renderStep(type, false))}</div>
            )}
            {blocked.length > 0 && (
              <div className="blocked">
                <h3>{t('case.blocked')}</h3>
                <p className="muted">{t('case.blockedIntro')}</p>
                <ul>
                  {blocked.map((b) => (
                    <li key={b.type} data-blocked={b.type}>
                      <strong>{eventLabel(byType.get(b.type), b.type, i)}</strong>
                      <ul className="rules">
                        {b.failures.map((r, n) => (
                          <RuleItem key={`${r.id}-${n}`} rule={r} />
                        ))}
                      </ul>
                      {mayRecord(b.type) && <div className="next-steps">{renderStep(b.type, true)}</div>}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </Section>

          <Section id="deadlines" title={t('case.deadlines')}>
            {deadlines.length === 0 ? (
              <p className="muted">{t('app.none')}</p>
            ) : (
              <ul className="deadlines">
                {deadlines.map((d) => (
                  <li key={d.key} className={d.overdue ? 'is-overdue' : undefined} data-timer={d.timerId}>
                    <div className="deadline-label">
                      {i.pick(d.label) || label(d.timerId, lang)}
                      {d.overdue && !d.countdown && (
                        <>
                          {' '}
                          <span className="badge badge-danger">{t('case.deadline.overdue')}</span>
                        </>
                      )}
                    </div>
                    <div className="small">
                      {t('case.deadline.due')}: <DueDate date={d.due} calendarStatus={d.calendarStatus} />
                      {d.countdown && (
                        <>
                          {' '}
                          <Countdown countdown={d.countdown} />
                        </>
                      )}
                      {d.extendedDue && (
                        <>
                          {' · '}
                          {t('case.deadline.extended')}: <DueDate date={d.extendedDue} calendarStatus={d.calendarStatus} />
                        </>
                      )}
                      {d.start && (
                        <span className="muted">
                          {' · '}
                          {t('case.deadline.start')} {i.date(d.start)}
                        </span>
                      )}
                    </div>
                    {d.reminders && d.reminders.length > 0 && (
                      <div className="small muted">
                        {t('case.deadline.reminders')}: {d.reminders.map((r) => i.date(r.date)).join(', ')}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section id="checklist" title={t('case.checklist')} intro={t('case.checklistIntro')}>
            {requirements.length === 0 ? (
              <p className="muted">{t('app.none')}</p>
            ) : (
              <ul className="checklist">
                {requirements.map((r) => (
                  <li key={r.id} className={`requirement requirement-${r.status}`} data-requirement={r.id} data-status={r.status}>
                    <span className={`req-status req-status-${r.status}`}>
                      <span aria-hidden="true">{r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : '○'}</span> {t(`case.req.${r.status}`)}
                    </span>
                    <span className="req-label">{i.pick(r.label)}</span>
                    {r.rule && r.status !== 'passed' && (
                      <div className="small">
                        {r.rule.reason ? (
                          <span className="req-reason">{readable(i.pick(r.rule.reason), lang)}</span>
                        ) : (
                          <span>{lang === 'en' ? r.rule.en : readable(r.rule.vi, lang)}</span>
                        )}
                        {r.steps.length > 0 && (
                          <span className="muted">
                            {' '}
                            ({t('case.req.step', { steps: r.steps.map((s) => eventLabel(byType.get(s), s, i)).join('; ') })})
                          </span>
                        )}
                        {r.rule.citation && r.rule.citation.length > 0 && (
                          <span className="rule-citation">
                            {' '}
                            ({t('refusal.citation')}: {citationText(r.rule.citation, lang)})
                          </span>
                        )}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section id="votes" title={t('case.votes')}>
            {(c.votes ?? []).length === 0 ? (
              <p className="muted">{t('app.none')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('case.vote.date')}</th>
                      <th scope="col">{t('case.vote.body')}</th>
                      <th scope="col">{t('case.vote.motion')}</th>
                      <th scope="col">{t('case.vote.counts')}</th>
                      <th scope="col">{t('case.vote.required')}</th>
                      <th scope="col">{t('case.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.votes.map((v, n) => (
                      <tr key={n}>
                        <td>{i.date(v.meetingDate)}</td>
                        <td>{label(v.body, lang)}</td>
                        <td>{label(v.motion, lang)}</td>
                        <td>
                          {v.for} / {v.against} / {v.eligible}
                        </td>
                        <td>{v.required}</td>
                        <td>{v.passed ? <span className="badge badge-ok">{t('case.vote.passed')}</span> : <span className="badge badge-danger">{t('case.vote.failed')}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Section>

          <Section id="decisions" title={t('case.decisions')}>
            {(c.decisions ?? []).length === 0 ? (
              <p className="muted">{t('app.none')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('case.decision.kind')}</th>
                      <th scope="col">{t('case.decision.number')}</th>
                      <th scope="col">{t('case.decision.signed')}</th>
                      <th scope="col">{t('case.decision.received')}</th>
                      <th scope="col">{t('case.outcome')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.decisions.map((d, n) => (
                      <tr key={n}>
                        <td>{label(d.kind, lang)}</td>
                        <td>{d.number}</td>
                        <td>{i.date(d.signedOn)}</td>
                        <td>{i.date(d.receivedOn)}</td>
                        <td>{d.outcome ? label(d.outcome, lang) : ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Section>

          <Section id="documents" title={t('paper.title')} intro={t('paper.intro')}>
            <Paperwork caseId={c.id} version={c.version} stepName={(step) => eventLabel(byType.get(step), step, i)} />
          </Section>

          {(c.violations ?? []).length > 0 && (
            <Section id="violations" title={t('case.violations')}>
              <ul className="violations">
                {c.violations.map((v, n) => (
                  <li key={n}>
                    <span className="rule-id">{v.ruleId}</span> {v.step === 'case.imported' || v.step === 'imported' ? t('case.violation.imported') : eventLabel(byType.get(v.step), v.step, i)} ·{' '}
                    {v.status === 'open' ? t('case.violation.open') : v.status === 'explained' ? t('case.violation.explained') : v.status === 'resolved' ? t('case.violation.resolved') : label(v.status, lang)}
                    {v.details?.reason && <div className="small">{readable(i.pick(v.details.reason), lang)}</div>}
                    {v.dueDate && (
                      <>
                        {' · '}
                        {t('case.violation.due')} {i.date(v.dueDate)}
                      </>
                    )}
                    {v.actualDate && (
                      <>
                        {' · '}
                        {t('case.violation.actual')} {i.date(v.actualDate)}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </Section>
          )}
        </div>

        <aside className="case-side">
          <Section id="timeline" title={t('case.timeline')}>
            {(c.timeline ?? []).length === 0 ? (
              <p className="muted">{t('app.none')}</p>
            ) : (
              <ol className="timeline" reversed>
                {[...c.timeline].reverse().map((e) => (
                  <li key={e.seq} data-event-type={e.type} data-seq={e.seq} className={e.correctedBySeq ? 'is-corrected' : undefined}>
                    <time dateTime={e.eventDate}>{i.date(e.eventDate)}</time>
                    <div>{e.label ? i.pick(e.label) : eventLabel(byType.get(e.type), e.type, i)}</div>
                    <div className="small muted">
                      {currentStepCodes(e.stateAfter)
                        .map((code) => label(code, lang))
                        .join(' · ')}{' '}
                      · {t('case.timeline.by', { who: e.recordedByName ?? t('case.timeline.unknownAuthor') })} · {i.dateTime(e.recordedAt)}
                    </div>
                    <TimelineCorrection
                      caseView={c}
                      entry={e}
                      event={byType.get(e.type)}
                      roles={roles}
                      onDone={(updated) => {
                        kase.setData(updated);
                        setSaved(true);
                      }}
                      onReload={kase.reload}
                    />
                  </li>
                ))}
              </ol>
            )}
          </Section>
        </aside>
      </div>
    </div>
  );
}
