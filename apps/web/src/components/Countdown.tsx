// "còn 12 ngày làm việc" / "quá hạn 3 ngày" beside a deadline's date. The figure comes from the API
// (the case view and the todo list count it with the procedure library's working-day calendar);
// nothing is counted here.
import type { Countdown as CountdownFigures } from '../api/types';
import { useI18n } from '../i18n';

export function Countdown({ countdown }: { countdown: CountdownFigures }) {
  const { t } = useI18n();
  if (countdown.overdueDays > 0)
    return (
      <span className="badge badge-danger countdown" data-countdown="overdue" data-days={countdown.overdueDays}>
        {t('case.countdown.overdue', { n: countdown.overdueDays })}
      </span>
    );
  if (countdown.left === null) return null;
  if (countdown.left === 0)
    return (
      <span className="badge badge-warn countdown" data-countdown="today" data-days={0}>
        {t('case.countdown.today')}
      </span>
    );
  return (
    <span
      className={`badge ${countdown.left <= 5 ? 'badge-warn' : 'badge-info'} countdown`}
      data-countdown="left"
      data-days={countdown.left}
      data-unit={countdown.unit}
    >
      {countdown.unit === 'workingDays'
        ? t('case.countdown.left', { n: countdown.left })
        : t('case.countdown.leftDays', { n: countdown.left })}
    </span>
  );
}
