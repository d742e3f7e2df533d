/**
 * A horizontal bar chart in plain SVG (no chart library): one group of bars per row, one bar
 * per series, the value written beside each bar ("withheld" where a figure is withheld). It is
 * one image to assistive technology, named by `alt`; the numbers are in the table beside it.
 */
export interface ChartSeries {
  name: string;
}

export interface ChartRow {
  label: string;
  /** One value per series; null: withheld or not measured. */
  values: (number | null)[];
}

/** Series colours: GOV.UK blue and purple, each over 3:1 against white (WCAG 1.4.11). */
const COLOURS = ['#1d70b8', '#4c2c92'];
const WIDTH = 400;
const PLOT = 300;
const LABEL = 18;
const BAR = 14;
const GAP = 10;

export function BarChart(props: {
  alt: string;
  series: ChartSeries[];
  rows: ChartRow[];
  format: (value: number | null) => string;
  /** The scale's ends; by default from 0 to the largest value. */
  min?: number;
  max?: number;
}) {
  const { series, rows } = props;
  const values = rows.flatMap((r) => r.values).filter((v): v is number => v !== null);
  const min = Math.min(props.min ?? 0, ...values);
  const max = Math.max(props.max ?? 0, ...values, min + 1);
  const x = (v: number) => ((v - min) / (max - min)) * PLOT;
  const zero = x(Math.max(min, 0));
  const legend = series.length > 1 ? LABEL + 6 : 0;
  const rowHeight = LABEL + series.length * (BAR + 4) + GAP;
  const height = legend + rows.length * rowHeight;
  return (
    <svg
      className="civic-chart"
      role="img"
      aria-label={props.alt}
      viewBox={`0 0 ${WIDTH} ${Math.max(height, 1)}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      {series.length > 1
        ? series.map((s, i) => (
            <g key={s.name} transform={`translate(${i * 160}, 0)`}>
              <rect width="12" height="12" y="3" fill={COLOURS[i % COLOURS.length]} />
              <text x="18" y="14" fontSize="13" fill="#0b0c0c">
                {s.name}
              </text>
            </g>
          ))
        : null}
      {rows.map((row, r) => {
        const top = legend + r * rowHeight;
        return (
          <g key={`${row.label}-${r}`} transform={`translate(0, ${top})`}>
            <text x="0" y="13" fontSize="13" fill="#0b0c0c">
              {row.label}
            </text>
            {row.values.map((value, s) => {
              const y = LABEL + s * (BAR + 4);
              const from = value === null ? zero : Math.min(zero, x(value));
              const width = value === null ? 0 : Math.max(Math.abs(x(value) - zero), 1);
              return (
                <g key={s}>
                  <rect
                    x={from}
                    y={y}
                    width={width}
                    height={BAR}
                    fill={COLOURS[s % COLOURS.length]}
                  />
                  <text x={PLOT + 6} y={y + 11} fontSize="12" fill="#0b0c0c">
                    {props.format(value)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
