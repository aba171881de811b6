// chart.js with only the parts the reports draw (bars and a target line), registered once. This
// module is only reached through import() from BarChart.tsx, so chart.js lands in its own chunk,
// downloaded when a report page first draws a chart and never by the cell pages.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

export { Chart };
