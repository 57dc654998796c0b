import {
  BarController,
  BarElement,
  CategoryScale,
  type ChartData,
  Chart as ChartJS,
  type ChartOptions,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ReactNode } from 'react';
import { Chart } from 'react-chartjs-2';
import './chart.css';

// Only what the dashboard draws: bar and line charts on category/linear axes, with a legend and tooltips.
ChartJS.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

/** The dashboard's series colours (readable on white, distinct for the common colour blindnesses). */
export const SERIES_COLOURS = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2'];

export interface TableColumn {
  label: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
}

/**
 * A chart with its text alternative: the canvas is an image named by `title`, and the same figures are in a data
 * table under a <details> (closed by default, read by screen readers and by people who prefer numbers).
 */
export function ChartFigure({
  title,
  description,
  type,
  data,
  options,
  columns,
  rows,
  empty,
}: {
  title: string;
  description?: ReactNode;
  type: 'bar' | 'line';
  data: ChartData<'bar' | 'line'>;
  options?: ChartOptions<'bar' | 'line'>;
  columns: readonly TableColumn[];
  rows: readonly (readonly ReactNode[])[];
  /** Shown instead of the chart when there are no rows. */
  empty?: ReactNode;
}) {
  const coloured = {
    ...data,
    datasets: data.datasets.map((set, index) => ({
      backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
      borderColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
      ...set,
    })),
  } as ChartData<'bar' | 'line'>;
  return (
    <figure className="chart-figure">
      <figcaption>
        <h3>{title}</h3>
        {description ? <p className="muted">{description}</p> : null}
      </figcaption>
      {rows.length === 0 && empty ? (
        empty
      ) : (
        <>
          <div className="chart">
            <Chart
              type={type}
              data={coloured}
              options={{ responsive: true, maintainAspectRatio: false, animation: false, ...options }}
              role="img"
              aria-label={`${title}: a chart; the same figures are in the data table below it.`}
            />
          </div>
          <details className="chart-table">
            <summary>Data table: {title.charAt(0).toLowerCase() + title.slice(1)}</summary>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must take keyboard focus to be scrolled */}
            <section className="table-wrap" aria-label={`${title}, data table`} tabIndex={0}>
              <table>
                <caption className="sr-only">{title}</caption>
                <thead>
                  <tr>
                    {columns.map((column) => (
                      <th key={column.label} scope="col" className={column.numeric ? 'numeric' : undefined}>
                        {column.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their order
                    <tr key={index}>
                      {row.map((cell, cellIndex) => {
                        const column = columns[cellIndex];
                        return cellIndex === 0 ? (
                          // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                          <th key={cellIndex} scope="row">
                            {cell}
                          </th>
                        ) : (
                          // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                          <td key={cellIndex} className={column?.numeric ? 'numeric' : undefined}>
                            {cell}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </details>
        </>
      )}
    </figure>
  );
}
