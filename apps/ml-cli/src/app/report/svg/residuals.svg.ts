import { elementAt } from '../../common/element-at';
import { formatNumber, px, svgDocument } from './svg-document';

const WIDTH = 560;
const HEIGHT = 400;
const MARGIN = { left: 70, right: 20, top: 44, bottom: 56 };

/** Residual (actual − predicted) against predicted value, with the zero line. */
export function residualsSvg(actual: readonly number[], predicted: readonly number[]): string {
  const residuals = actual.map((a, i) => a - elementAt(predicted, i, 'Predictions'));
  const [xMin, xMax] = range(predicted);
  const bound = Math.max(...residuals.map(Math.abs), Number.MIN_VALUE) * 1.05;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
  const sy = (y: number) => MARGIN.top + ((bound - y) / (2 * bound)) * plotH;
  const body = [
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#d1d5db"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${px(sy(0))}" y2="${px(sy(0))}" stroke="#9ca3af" stroke-dasharray="4 3"/>`,
    ...predicted.map(
      (p, i) =>
        `<circle cx="${px(sx(p))}" cy="${px(sy(elementAt(residuals, i, 'Residuals')))}" r="3" fill="#3b82f6" fill-opacity="0.7"/>`,
    ),
    ...[xMin, (xMin + xMax) / 2, xMax].map(
      (x) =>
        `<text x="${px(sx(x))}" y="${MARGIN.top + plotH + 18}" text-anchor="middle" fill="#374151">${formatNumber(x)}</text>`,
    ),
    ...[-bound, 0, bound].map(
      (y) =>
        `<text x="${MARGIN.left - 8}" y="${px(sy(y) + 4)}" text-anchor="end" fill="#374151">${formatNumber(y)}</text>`,
    ),
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle" fill="#374151">predicted</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#374151">actual − predicted</text>`,
  ];
  return svgDocument(WIDTH, HEIGHT, 'Residuals (test set)', body);
}

function range(values: readonly number[]): [number, number] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? [min - 1, max + 1] : [min, max];
}
