// A horizontal bar chart in SVG for counts (a questionnaire's options, a scale's values): one bar per row scaled to
// the largest, the figure beside it. The SVG is an image named after what it shows; the same figures are in a table
// for screen readers and for copying.
export interface Bar {
  label: string;
  value: number;
}

const ROW = 28;
const LABEL_WIDTH = 190;
const BAR_WIDTH = 220;

export function BarChart({ bars, title, valueHeading, labelHeading }: { bars: Bar[]; title: string; valueHeading: string; labelHeading: string }) {
  const largest = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 4;
  return (
    <figure className="mb-3">
      <svg role="img" aria-label={title} viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 50} ${height}`} className="w-100" style={{ maxWidth: 520 }}>
        {bars.map((bar, i) => {
          const y = i * ROW + 4;
          const width = Math.round((bar.value / largest) * BAR_WIDTH);
          return (
            <g key={`${bar.label}-${i}`}>
              <text x={LABEL_WIDTH - 6} y={y + 16} textAnchor="end" fontSize="12" fill="currentColor">
                {bar.label.length > 30 ? `${bar.label.slice(0, 29)}…` : bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y + 2} width={width} height={ROW - 10} fill="#0066cc" rx="2" />
              <text x={LABEL_WIDTH + width + 6} y={y + 16} fontSize="12" fill="currentColor">
                {bar.value}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeading}</th>
            <th scope="col">{valueHeading}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar, i) => (
            <tr key={`${bar.label}-${i}`}>
              <td>{bar.label}</td>
              <td>{bar.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
