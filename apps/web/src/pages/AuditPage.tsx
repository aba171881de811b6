import { useEffect, useState } from 'react';
import type { AuditRecord } from '../api/contract';
import { caseAudit } from '../api/supervision';
import { ErrorState, Loading } from '../components/common';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n } from '../i18n';
import { href } from '../router';

/** The audit trail of one case (GET /audit?caseId): who did what, when, with which outcome; newest first. */
export function AuditPage({ caseId }: { caseId: string | undefined }) {
  const i = useI18n();
  const { t } = i;
  const heading = useFocusHeading(caseId);
  const page = useAsync(() => (caseId ? caseAudit(caseId) : Promise.resolve({ items: [], nextCursor: null })), [caseId]);
  const [extra, setExtra] = useState<AuditRecord[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  useEffect(() => {
    setExtra([]);
    setCursor(page.data?.nextCursor ?? null);
  }, [page.data]);
  const items = [...(page.data?.items ?? []), ...extra];

  async function more() {
    if (!caseId || !cursor) return;
    try {
      const next = await caseAudit(caseId, cursor);
      setExtra((e) => [...e, ...next.items]);
      setCursor(next.nextCursor);
    } catch (err) {
      setMoreError(err);
    }
  }

  return (
    <>
      {caseId && (
        <p className="breadcrumb">
          <a href={href(`/cases/${caseId}`)}>← {t('audit.backToCase')}</a> · <a href={href('/compliance')}>{t('nav.compliance')}</a>
        </p>
      )}
      <h1 ref={heading} tabIndex={-1}>
        {t('audit.title')}
      </h1>
      <p className="muted">{t('audit.intro')}</p>
      {!caseId && <p className="alert alert-info">{t('audit.needCase')}</p>}
      {page.error !== undefined && !page.loading && <ErrorState error={page.error} onRetry={page.reload} />}
      {page.loading && !page.data && <Loading />}
      {page.data &&
        caseId &&
        (items.length === 0 ? (
          <p className="empty">{t('app.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.role')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                  <th scope="col">{t('audit.details')}</th>
                  <th scope="col" className="num">
                    #
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id} data-action={e.action}>
                    <td>{i.dateTime(e.occurredAt)}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>{e.actorRole ?? '—'}</td>
                    <td>
                      <span className={`badge ${e.outcome === 'ok' ? 'badge-ok' : 'badge-danger'}`}>{e.outcome}</span>
                      {e.statusCode ? <span className="small muted"> HTTP {e.statusCode}</span> : null}
                    </td>
                    <td className="small">{summarise(e.details)}</td>
                    <td className="num small" title={e.hash}>
                      {e.chainSeq}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {cursor && (
        <button type="button" className="btn" onClick={more}>
          {t('board.more')}
        </button>
      )}
      {moreError !== null && <ErrorState error={moreError} onRetry={more} />}
    </>
  );
}

/** A short line from the entry's details (ids and codes only: the trail carries no free text). */
function summarise(details: Record<string, unknown>): string {
  return Object.entries(details ?? {})
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .slice(0, 5)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}
