import type { DailyActivity } from '@gatehouse/contracts';

export interface ChartBar {
  x: number;
  y: number;
  height: number;
  label: string;
}

export interface ActivityChart {
  width: number;
  height: number;
  baseline: number;
  barWidth: number;
  signups: ChartBar[];
  logins: ChartBar[];
  gridLines: { y: number; label: string }[];
  /** The last label ends at the right edge instead of overflowing it. */
  dayLabels: { x: number; label: string; anchor: 'middle' | 'end' }[];
}

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 36;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 34;

/** 4, 10, 20, 40, 100, 200…: the smallest at or above the value, so that half of it is a whole number. */
function niceCeiling(value: number): number {
  let magnitude = 1;
  while (true) {
    for (const step of [1, 2, 4])
      if (step * magnitude >= Math.max(4, value)) return step * magnitude;
    magnitude *= 10;
  }
}

/**
 * A server-rendered SVG bar chart (no script, nothing inline the CSP would refuse): one pair of
 * bars per day, sign-ups and logins, with three grid lines and a few date labels.
 */
export function activityChart(
  days: DailyActivity[],
  formatDay: (isoDate: string) => string,
  describe: (day: DailyActivity) => { signups: string; logins: string },
): ActivityChart {
  const max = niceCeiling(Math.max(0, ...days.map((d) => Math.max(d.signups, d.logins))));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, days.length);
  const barWidth = Math.max(1, Math.floor((slot - 2) / 2));
  const bar = (value: number, x: number, label: string): ChartBar => {
    const height = Math.round((value / max) * plotHeight * 10) / 10;
    return {
      x: Math.round(x * 10) / 10,
      y: Math.round((TOP + plotHeight - height) * 10) / 10,
      height,
      label,
    };
  };
  const labelEvery = Math.max(1, Math.ceil(days.length / 5));
  return {
    width: WIDTH,
    height: HEIGHT,
    baseline: TOP + plotHeight,
    barWidth,
    signups: days.map((d, i) => bar(d.signups, LEFT + i * slot + 1, describe(d).signups)),
    logins: days.map((d, i) => bar(d.logins, LEFT + i * slot + 1 + barWidth, describe(d).logins)),
    gridLines: [0, 0.5, 1].map((f) => ({
      y: Math.round(TOP + plotHeight * (1 - f)),
      label: String(Math.round(max * f)),
    })),
    dayLabels: days
      .map((d, i) => ({ i, d }))
      .filter(({ i }) => i % labelEvery === 0 || i === days.length - 1)
      .filter(({ i }) => i === days.length - 1 || days.length - 1 - i >= labelEvery)
      .map(({ d, i }) =>
        i === days.length - 1
          ? { x: WIDTH - RIGHT, label: formatDay(d.date), anchor: 'end' as const }
          : {
              x: Math.round(LEFT + i * slot + slot / 2),
              label: formatDay(d.date),
              anchor: 'middle' as const,
            },
      ),
  };
}
