import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';

export interface Series {
  label: string;
  data: number[];
  color: string;
  /** Drawn as a line over the bars (a target). */
  line?: boolean;
}

/**
 * A bar chart drawn by chart.js, loaded on first use (its own chunk). The canvas carries a text
 * summary for screen readers; the page always shows the same figures in a table beside it.
 */
export function BarChart({ labels, series, summary, height = 260, testId }: { labels: string[]; series: Series[]; summary: string; height?: number; testId?: string }) {
  const { t, lang } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify({ labels, series, lang });

  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let alive = true;
    import('./chart-setup').then(
      ({ Chart }) => {
        if (!alive || !canvas.current) return;
        chart = new Chart(canvas.current, {
          type: 'bar',
          data: {
            labels,
            datasets: series.map((s) =>
              s.line
                ? { type: 'line' as const, label: s.label, data: s.data, borderColor: s.color, backgroundColor: s.color, borderDash: [6, 4], pointRadius: 3, order: 0 }
                : { type: 'bar' as const, label: s.label, data: s.data, backgroundColor: s.color, order: 1 },
            ),
          },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            locale: lang === 'vi' ? 'vi-VN' : 'en-GB',
            scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
            plugins: { legend: { position: 'bottom' } },
          },
        });
      },
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
      chart?.destroy();
    };
  }, [key]);

  if (failed) return <p className="muted small">{t('report.chartUnavailable')}</p>;
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={summary} data-testid={testId}>
        {summary}
      </canvas>
    </div>
  );
}
