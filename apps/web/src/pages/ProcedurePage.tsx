import { procedureDiagram, procedureEvents } from '../api/procedure';
import { Diagram } from '../components/Diagram';
import { ErrorState, Loading } from '../components/common';
import { useAsync, useFocusHeading } from '../hooks';
import { useI18n } from '../i18n';

export function ProcedurePage({ current }: { current?: string }) {
  const { t } = useI18n();
  const diagram = useAsync(procedureDiagram, []);
  const events = useAsync(procedureEvents, []);
  const i = useI18n();
  const heading = useFocusHeading('procedure');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('proc.title')}
      </h1>
      <p className="muted">{t('proc.intro')}</p>
      {diagram.error !== undefined && !diagram.loading && <ErrorState error={diagram.error} onRetry={diagram.reload} />}
      {diagram.loading && !diagram.data && <Loading />}
      {diagram.data && (
        <section className="card">
          <Diagram
            mermaid={diagram.data}
            current={current}
            eventName={(type) => {
              const ev = events.data?.find((e) => e.type === type);
              return ev ? (i.lang === 'en' ? ev.en : ev.vi) : undefined;
            }}
          />
        </section>
      )}
    </>
  );
}
