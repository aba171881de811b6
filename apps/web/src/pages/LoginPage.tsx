import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { ErrorState } from '../components/common';
import { landingPath, useAuth } from '../auth';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { useFocusHeading } from '../hooks';

export function LoginPage({ next }: { next?: string }) {
  const { t } = useI18n();
  const auth = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const heading = useFocusHeading('login');

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
      const me = await auth.login(username.trim(), password);
      navigate(next && next.startsWith('/') && next !== '/login' ? next : landingPath(me), undefined, true);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setMessage(t('login.failed'));
      else if (err instanceof ApiError && err.status === 423) setMessage(t('login.locked'));
      else setError(err);
    } finally {
      setBusy(false);
    }
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
    </div>
  );
}
