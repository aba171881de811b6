import { useState } from 'react';
import { listNotifications, markRead, NOTIFICATIONS_CHANGED } from '../api/notifications';
import { ErrorState, Loading } from '../components/common';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n } from '../i18n';
import { href } from '../router';

export function NotificationsPage() {
  const i = useI18n();
  const { t } = i;
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useAsync(() => listNotifications(unreadOnly), [unreadOnly]);
  const [actionError, setActionError] = useState<unknown>(null);
  const heading = useFocusHeading('notifications');

  async function read(id: string) {
    setActionError(null);
    try {
      await markRead(id);
      window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
      list.reload();
    } catch (err) {
      setActionError(err);
    }
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('notif.title')}
      </h1>
      <label className="check">
        <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> {t('notif.unreadOnly')}
      </label>
      {actionError !== null && <ErrorState error={actionError} />}
      {list.error !== undefined && !list.loading && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data &&
        (list.data.length === 0 ? (
          <p className="empty">{t('notif.empty')}</p>
        ) : (
          <ul className="notifications">
            {list.data.map((n) => {
              const unread = !n.readAt;
              return (
                <li key={n.id} className={unread ? 'is-unread' : undefined}>
                  <div className="notif-head">
                    {unread && <span className="badge badge-info">{t('notif.new')}</span>} <strong>{i.pick(n.title) || n.kind}</strong>
                    <span className="muted small"> · {i.dateTime(n.createdAt)}</span>
                  </div>
                  {n.body && <p>{i.pick(n.body)}</p>}
                  <div className="actions">
                    {n.caseId && (
                      <a className="btn" href={href(`/cases/${n.caseId}`)}>
                        {t('notif.open')}
                      </a>
                    )}
                    {unread && (
                      <button type="button" className="btn" onClick={() => read(n.id)}>
                        {t('notif.markRead')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        ))}
    </>
  );
}
