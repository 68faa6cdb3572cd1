/** Series colours chosen to stay apart for the common colour-vision deficiencies, one set per theme. */
const LIGHT = ['#4f46e5', '#0891b2', '#d97706', '#059669', '#db2777', '#7c3aed', '#65a30d', '#475569'];
const DARK = ['#8b8cf8', '#22d3ee', '#fbbf24', '#34d399', '#f472b6', '#a78bfa', '#a3e635', '#94a3b8'];

export interface ChartTheme {
  series: string[];
  other: string;
  grid: string;
  axis: string;
  bar: string;
  barHover: string;
  cursor: string;
}

export function chartTheme(scheme: 'light' | 'dark'): ChartTheme {
  return scheme === 'dark'
    ? {
        series: DARK,
        other: '#5b6475',
        grid: '#262b35',
        axis: '#8a93a3',
        bar: '#8b8cf8',
        barHover: '#a5a6fb',
        cursor: 'rgba(255,255,255,0.06)',
      }
    : {
        series: LIGHT,
        other: '#b4bcc8',
        grid: '#eceef2',
        axis: '#6b7482',
        bar: '#6366f1',
        barHover: '#4338ca',
        cursor: 'rgba(15,23,42,0.05)',
      };
}
