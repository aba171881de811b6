import { lazy, Suspense, useEffect, useState } from 'react';
import { NOTIFICATIONS_CHANGED, unreadCount } from './api/notifications';
import { Loading } from './components/common';
import { AUDIT_READ_ROLES, AuthProvider, REPORT_ROLES, SUPERVISOR_ROLES, hasRole, landingPath, useAuth } from './auth';
import { I18nProvider, useI18n, type Lang } from './i18n';
import { BoardPage } from './pages/BoardPage';
import { CasePage } from './pages/CasePage';
import { LoginPage } from './pages/LoginPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { href, navigate, useRoute, type Route } from './router';

// The reports page (and, through it, chart.js) is loaded only when a supervisor opens it.
const ReportsPage = lazy(() => import('./pages/ReportsPage'));
// The supervisors' pages and the new-case form are chunks of their own too: the board and the case
// page (what a cell committee opens every day) stay within the bundle budget.
const CompliancePage = lazy(() => import('./pages/supervision').then((m) => ({ default: m.CompliancePage })));
const ViolationPage = lazy(() => import('./pages/supervision').then((m) => ({ default: m.ViolationPage })));
const AuditPage = lazy(() => import('./pages/supervision').then((m) => ({ default: m.AuditPage })));
const NewCasePage = lazy(() => import('./pages/NewCasePage').then((m) => ({ default: m.NewCasePage })));
// "Việc cần làm" (every role) is a chunk of its own, with the organisation tree picker.
// The statechart view (experts) is a chunk of its own: the case page's bundle does not carry it.
const ProcedurePage = lazy(() => import('./pages/ProcedurePage').then((m) => ({ default: m.ProcedurePage })));
const TodoPage = lazy(() => import('./pages/TodoPage').then((m) => ({ default: m.TodoPage })));

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <Shell />
      </AuthProvider>
    </I18nProvider>
  );
}

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang" role="group" aria-label={t('lang.label')}>
      {(['vi', 'en'] as Lang[]).map((l) => (
        <button key={l} type="button" className="lang-btn" aria-pressed={lang === l} lang={l} onClick={() => setLang(l)}>
          {l === 'vi' ? 'VI' : 'EN'}
          <span className="sr-only"> {t(l === 'vi' ? 'lang.vi' : 'lang.en')}</span>
        </button>
      ))}
    </div>
  );
}

/** The unread count beside "Notifications"; silent (no badge) when the endpoint is not there. */
function UnreadBadge() {
  const { t } = useI18n();
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      unreadCount().then(
        (n) => alive && setCount(n),
        () => alive && setCount(null),
      );
    void refresh();
    const timer = setInterval(refresh, 120_000);
    window.addEventListener(NOTIFICATIONS_CHANGED, refresh);
    return () => {
      alive = false;
      clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, refresh);
    };
  }, []);
  if (!count) return null;
  return (
    <span className="badge badge-count" data-testid="unread-count" aria-label={t('nav.unread', { n: count })}>
      {count}
    </span>
  );
}

function NavLink({ to, active, children }: { to: string; active: boolean; children: React.ReactNode }) {
  return (
    <a href={href(to)} aria-current={active ? 'page' : undefined} className="nav-link">
      {children}
    </a>
  );
}

function Shell() {
  const auth = useAuth();
  const route = useRoute();
  const { t } = useI18n();
  const signedIn = auth.me !== null;
  const first = route.parts[0] ?? '';
  // Compliance for the supervisors and the committees' staff; reports for those who may read them.
  const supervises = hasRole(auth.me, [...SUPERVISOR_ROLES, 'admin', 'baseCommitteeStaff', 'competentStaff']);
  const reads = hasRole(auth.me, REPORT_ROLES);
  // The cell committee sees its own cell's violations (and explains them) on the same page.
  const cellOnly = !supervises && hasRole(auth.me, ['cellCommittee']);
  const auditReader = hasRole(auth.me, AUDIT_READ_ROLES);

  useEffect(() => {
    if (auth.checking) return;
    if (!signedIn && first !== 'login') navigate('/login', route.path !== '/' ? { next: route.path } : undefined, true);
    else if (signedIn && (first === '' || first === 'login')) navigate(landingPath(auth.me), undefined, true);
  }, [auth.checking, signedIn, first, route.path, auth.me]);

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('app.skip')}
      </a>
      <header className="topbar">
        <a className="brand" href={href(signedIn ? landingPath(auth.me) : '/login')}>
          <span className="brand-mark" aria-hidden="true">★</span> {t('app.title')}
        </a>
        {signedIn && (
          <nav aria-label={t('nav.main')} className="nav">
            {supervises && (
              <NavLink to="/compliance" active={first === 'compliance' || first === 'violations'}>
                {t('nav.compliance')}
              </NavLink>
            )}
            {cellOnly && (
              <NavLink to="/compliance" active={first === 'compliance' || first === 'violations'}>
                {t('nav.violations')}
              </NavLink>
            )}
            <NavLink to="/todo" active={first === 'todo'}>
              {t('nav.todo')}
            </NavLink>
            {reads && (
              <NavLink to="/reports" active={first === 'reports'}>
                {t('nav.reports')}
              </NavLink>
            )}
            <NavLink to="/cases" active={first === 'cases'}>
              {t('nav.board')}
            </NavLink>
            {auditReader && (
              <NavLink to="/audit" active={first === 'audit'}>
                {t('nav.audit')}
              </NavLink>
            )}
            <NavLink to="/notifications" active={first === 'notifications'}>
              {t('nav.notifications')} <UnreadBadge />
            </NavLink>
            <NavLink to="/procedure" active={first === 'procedure'}>
              {t('nav.procedure')}
            </NavLink>
          </nav>
        )}
        <div className="topbar-end">
          <LanguageSwitch />
          {signedIn && (
            <>
              <span className="user small" data-testid="current-user">
                {auth.me?.user.username}
              </span>
              <button
                type="button"
                className="btn btn-quiet"
                onClick={() => {
                  auth.logout();
                  navigate('/login', undefined, true);
                }}
              >
                {t('nav.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {auth.checking ? <Loading /> : <Page route={route} signedIn={signedIn} />}
      </main>
    </>
  );
}

function Page({ route, signedIn }: { route: Route; signedIn: boolean }) {
  const { t } = useI18n();
  const [first, second] = route.parts;
  if (!signedIn || first === 'login') return <LoginPage next={route.query.get('next') ?? undefined} />;
  const lazyPage = (page: React.ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;
  if (first === 'cases' && second === 'new') return lazyPage(<NewCasePage />);
  if (first === 'cases' && second) return <CasePage id={second} />;
  if (first === 'compliance') return lazyPage(<CompliancePage route={route} />);
  if (first === 'violations' && second) return lazyPage(<ViolationPage id={second} />);
  if (first === 'audit') return lazyPage(<AuditPage route={route} />);
  if (first === 'todo') return lazyPage(<TodoPage route={route} />);
  if (first === 'reports') return lazyPage(<ReportsPage route={route} />);
  if (first === 'cases' || !first) return <BoardPage route={route} />;
  if (first === 'notifications') return <NotificationsPage />;
  if (first === 'procedure') return lazyPage(<ProcedurePage current={route.query.get('state') ?? undefined} />);
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <a href={href('/cases')}>{t('nav.board')}</a>
    </>
  );
}
