import { escapeXml, formatNumber, px, svgDocument } from './svg-document';

const BAR = 20;
const GAP = 6;
const CHART_WIDTH = 360;

/** Horizontal bars, largest first, at most `limit` of them. */
export function barChartSvg(
  title: string,
  caption: string,
  bars: readonly { readonly label: string; readonly value: number }[],
  limit = 25,
): string {
  const shown = [...bars].sort((a, b) => b.value - a.value).slice(0, limit);
  const max = Math.max(...shown.map((b) => b.value), Number.MIN_VALUE);
  const labelWidth = Math.min(260, 16 + 6.5 * Math.max(...shown.map((b) => b.label.length), 4));
  const top = 48;
  const width = labelWidth + CHART_WIDTH + 90;
  const height = top + shown.length * (BAR + GAP) + 40;
  const body = shown.flatMap(({ label, value }, k) => {
    const y = top + k * (BAR + GAP);
    const length = Math.max(0, (value / max) * CHART_WIDTH);
    return [
      `<text x="${labelWidth}" y="${px(y + BAR / 2 + 4)}" text-anchor="end" fill="#111827">${escapeXml(label)}</text>`,
      `<rect x="${labelWidth + 8}" y="${y}" width="${px(length)}" height="${BAR}" fill="#3b82f6" rx="2"/>`,
      `<text x="${px(labelWidth + 14 + length)}" y="${px(y + BAR / 2 + 4)}" fill="#374151">${formatNumber(value)}</text>`,
    ];
  });
  body.push(
    `<text x="${labelWidth + 8}" y="${height - 14}" fill="#6b7280" font-size="11">${escapeXml(caption)}</text>`,
  );
  return svgDocument(width, height, title, body);
}
