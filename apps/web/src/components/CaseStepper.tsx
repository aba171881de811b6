// The path of the case as a person reads it: the main stages (procedure.md §3), each with the date
// it was reached, the current one highlighted, an exit in place of what is left; below it, the
// current stage's sub-steps as a checklist (the dossier's five parts in §3 order).
import type { CaseView } from '../api/types';
import { useI18n } from '../i18n';
import { label } from '../labels';
import { stagesOf, subSteps } from './case-logic';

export function CaseStepper({ caseView }: { caseView: CaseView }) {
  const i = useI18n();
  const { t, lang } = i;
  const stages = stagesOf(caseView);
  const subs = subSteps(caseView.state);
  const current = stages.find((s) => s.status === 'current');
  return (
    <div className="stepper-wrap">
      <ol className="stepper" aria-label={t('stepper.label')}>
        {stages.map((s, n) => (
          <li
            key={s.key}
            className={`stage stage-${s.status}`}
            data-stage={s.key}
            data-status={s.status}
            aria-current={s.status === 'current' ? 'step' : undefined}
          >
            <span className="stage-dot" aria-hidden="true">
              {s.status === 'done' ? '✓' : s.status === 'exit' ? '✕' : n + 1}
            </span>
            <span className="stage-text">
              <span className="stage-name">{i.pick(s.label)}</span>
              <span className="stage-date small muted">
                {s.status === 'current' && s.date
                  ? t('stepper.since', { date: i.date(s.date) })
                  : s.date
                    ? i.date(s.date)
                    : s.status === 'todo'
                      ? ''
                      : '—'}
              </span>
            </span>
            <span className="sr-only"> · {t(`stepper.status.${s.status}`)}</span>
          </li>
        ))}
      </ol>
      {current && subs.length > 0 && (
        <div className="substeps">
          <h3>{t('stepper.substeps', { stage: i.pick(current.label) })}</h3>
          <ul className="checklist substep-list">
            {subs.map((s) => (
              <li
                key={s.part}
                data-substep={s.part}
                data-done={s.done ? 'true' : 'false'}
                className={s.done ? 'requirement requirement-passed' : 'requirement requirement-missing'}
              >
                <span className={`req-status req-status-${s.done ? 'passed' : 'missing'}`}>
                  <span aria-hidden="true">{s.done ? '✓' : '○'}</span> {s.done ? t('stepper.sub.done') : t('stepper.sub.open')}
                </span>
                <span className="req-label">{label(s.part, lang)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
