import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { Me } from '../api/types';
import { ErrorState } from '../components/common';
import { landingPath, postAuth, useAuth, type LoginStep, type MfaChallenge } from '../auth';
import { useI18n } from '../i18n';
import { currentRoute, navigate } from '../router';
import { useFocusHeading } from '../hooks';

/**
 * The words of single sign-on and the second factor, in both languages here (the page's other
 * words are in the i18n dictionaries).
 */
const WORDS = {
  sso: { vi: 'Đăng nhập bằng tài khoản tổ chức', en: 'Sign in with SSO' },
  or: { vi: 'hoặc', en: 'or' },
  ssoBusy: { vi: 'Đang hoàn tất đăng nhập một lần…', en: 'Completing single sign-on…' },
  ssoFailed: { vi: 'Đăng nhập bằng tài khoản tổ chức không thành công. Thử lại.', en: 'Single sign-on failed. Try again.' },
  ssoDisabled: { vi: 'Tài khoản đã bị khóa.', en: 'The account is disabled.' },
  mfaTitle: { vi: 'Xác thực hai lớp', en: 'Two-step verification' },
  mfaIntro: { vi: 'Nhập mã 6 chữ số trong ứng dụng xác thực.', en: 'Enter the 6-digit code of your authenticator app.' },
  mfaCode: { vi: 'Mã xác thực', en: 'Authentication code' },
  mfaSubmit: { vi: 'Xác nhận', en: 'Verify' },
  mfaWrong: { vi: 'Mã không đúng hoặc đã dùng. Chờ mã mới rồi thử lại.', en: 'Wrong or already used code. Wait for a new code and try again.' },
  mfaExpired: { vi: 'Phiên xác thực đã hết hạn, đăng nhập lại.', en: 'The verification has expired; sign in again.' },
  enrolIntro: {
    vi: 'Vai trò của bạn cần xác thực hai lớp. Thêm mã bí mật dưới đây vào ứng dụng xác thực (Google Authenticator, FreeOTP…), rồi nhập mã đầu tiên.',
    en: 'Your role needs two-step verification. Add the secret below to an authenticator app (Google Authenticator, FreeOTP…), then enter its first code.',
  },
  enrolStart: { vi: 'Tạo mã bí mật', en: 'Create the secret' },
  enrolSecret: { vi: 'Mã bí mật (chỉ hiện một lần)', en: 'Secret (shown once)' },
  enrolUri: { vi: 'Liên kết otpauth', en: 'otpauth link' },
} as const;

export function LoginPage({ next }: { next?: string }) {
  const { t, lang } = useI18n();
  const w = (k: keyof typeof WORDS): string => WORDS[k][lang === 'vi' ? 'vi' : 'en'];
  const auth = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sso, setSso] = useState<string | null>(null);
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const [enrolment, setEnrolment] = useState<{ otpauthUri: string; secret: string } | null>(null);
  const [code, setCode] = useState('');
  const heading = useFocusHeading('login');

  const done = (me: Me | null) => navigate(next && next.startsWith('/') && next !== '/login' ? next : landingPath(me), undefined, true);
  const proceed = (s: LoginStep) => {
    if (s.challenge) {
      setChallenge(s.challenge);
      setCode('');
    } else done(s.me);
  };

  // Is single sign-on on? (GET /auth/methods, public.) And the way back from it: /#/login?sso=<one-time code>.
  useEffect(() => {
    let live = true;
    fetch('/api/v1/auth/methods', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((m: { sso?: boolean; ssoLoginUrl?: string | null } | null) => live && setSso(m?.sso && m.ssoLoginUrl ? m.ssoLoginUrl : null))
      .catch(() => undefined);
    const query = currentRoute().query;
    const oneTime = query.get('sso');
    const failed = query.get('ssoError');
    if (oneTime || failed) history.replaceState(null, '', '#/login');
    if (failed) setMessage(failed === 'disabled' ? w('ssoDisabled') : w('ssoFailed'));
    if (oneTime) {
      setBusy(true);
      auth
        .exchangeSso(oneTime)
        .then((s) => live && proceed(s))
        .catch(() => live && setMessage(w('ssoFailed')))
        .finally(() => live && setBusy(false));
    }
    return () => {
      live = false;
    };
    // Once, on arrival.
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    setError(null);
    if (!username.trim() || !password) {
      setMessage(t('login.required'));
      return;
    }
    setBusy(true);
    try {
      proceed(await auth.login(username.trim(), password));
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setMessage(t('login.failed'));
      else if (err instanceof ApiError && err.status === 423) setMessage(t('login.locked'));
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function enrol() {
    if (!challenge) return;
    setMessage(null);
    setBusy(true);
    try {
      setEnrolment(await postAuth<{ otpauthUri: string; secret: string }>('/api/v1/auth/mfa/enrol', { mfaToken: challenge.mfaToken }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setChallenge(null);
        setMessage(w('mfaExpired'));
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function verify(e: FormEvent) {
    e.preventDefault();
    if (!challenge) return;
    setMessage(null);
    setError(null);
    setBusy(true);
    try {
      done(await auth.completeMfa(challenge.mfaToken, code.trim()));
    } catch (err) {
      if (err instanceof ApiError && err.problem?.code === 'AUTH.INVALID_TOKEN') {
        setChallenge(null);
        setEnrolment(null);
        setMessage(w('mfaExpired'));
      } else if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setMessage(w('mfaWrong'));
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (challenge) {
    const mustEnrol = !challenge.enrolled && !enrolment;
    return (
      <div className="login">
        <h1 ref={heading} tabIndex={-1}>
          {w('mfaTitle')}
        </h1>
        {!challenge.enrolled && <p className="muted">{w('enrolIntro')}</p>}
        {mustEnrol ? (
          <button type="button" className="btn btn-primary" onClick={enrol} disabled={busy}>
            {w('enrolStart')}
          </button>
        ) : (
          <form onSubmit={verify} noValidate aria-describedby={message ? 'login-msg' : undefined}>
            {enrolment && (
              <div className="field">
                <p>
                  {w('enrolSecret')}: <code data-testid="totp-secret">{enrolment.secret}</code>
                </p>
                <p>
                  <a href={enrolment.otpauthUri}>{w('enrolUri')}</a>
                </p>
              </div>
            )}
            <p className="muted">{w('mfaIntro')}</p>
            <div className="field">
              <label htmlFor="totp">{w('mfaCode')}</label>
              <input
                id="totp"
                name="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                required
              />
            </div>
            {message && (
              <p id="login-msg" className="alert alert-error" role="alert">
                {message}
              </p>
            )}
            {error !== null && <ErrorState error={error} />}
            <button type="submit" className="btn btn-primary" disabled={busy || code.length !== 6}>
              {w('mfaSubmit')}
            </button>
          </form>
        )}
        {mustEnrol && message && (
          <p id="login-msg" className="alert alert-error" role="alert">
            {message}
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="login">
      <h1 ref={heading} tabIndex={-1}>
        {t('login.title')}
      </h1>
      <p className="muted">{t('login.intro')}</p>
      {auth.expired && (
        <p className="alert alert-info" role="status">
          {t('login.expired')}
        </p>
      )}
      {busy && sso === null && !username && <p role="status">{w('ssoBusy')}</p>}
      <form onSubmit={submit} noValidate aria-describedby={message ? 'login-msg' : undefined}>
        <div className="field">
          <label htmlFor="username">{t('login.username')}</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            aria-invalid={!!message && !username.trim()}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t('login.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            aria-invalid={!!message && !password}
          />
        </div>
        {message && (
          <p id="login-msg" className="alert alert-error" role="alert">
            {message}
          </p>
        )}
        {error !== null && <ErrorState error={error} />}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
      {sso && (
        <p className="login-sso">
          <span className="muted">{w('or')}</span>{' '}
          <a className="btn" href={sso}>
            {w('sso')}
          </a>
        </p>
      )}
    </div>
  );
}
