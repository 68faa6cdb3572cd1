import { OTHER_DARK, OTHER_LIGHT, SERIES_DARK, SERIES_LIGHT } from '../../shared/series-colors.ts';

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
        series: SERIES_DARK,
        other: OTHER_DARK,
        grid: '#262b35',
        axis: '#8a93a3',
        bar: '#8b8cf8',
        barHover: '#a5a6fb',
        cursor: 'rgba(255,255,255,0.06)',
      }
    : {
        series: SERIES_LIGHT,
        other: OTHER_LIGHT,
        grid: '#eceef2',
        axis: '#6b7482',
        bar: '#6366f1',
        barHover: '#4338ca',
        cursor: 'rgba(15,23,42,0.05)',
      };
}
