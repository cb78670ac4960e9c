import { elementAt } from '../../common/element-at';
import { type ClassificationEvaluation } from '../../modelling/evaluation';
import { escapeXml, px, svgDocument } from './svg-document';

const CELL = 56;

/** Confusion matrix heat map: rows are true classes, columns predictions, shade = share of the row. */
export function confusionMatrixSvg(confusion: ClassificationEvaluation['confusion']): string {
  const { labels, matrix } = confusion;
  const n = labels.length;
  const labelWidth = Math.min(160, 14 + 7 * Math.max(...labels.map((l) => l.length), 4));
  const left = labelWidth + 30;
  const top = 90;
  const width = left + n * CELL + 30;
  const height = top + n * CELL + 50;
  const body: string[] = [
    `<text x="${px(left + (n * CELL) / 2)}" y="52" text-anchor="middle" fill="#374151">predicted</text>`,
    `<text transform="translate(16 ${px(top + (n * CELL) / 2)}) rotate(-90)" text-anchor="middle" fill="#374151">true</text>`,
  ];
  labels.forEach((label, j) => {
    body.push(
      `<text x="${px(left + j * CELL + CELL / 2)}" y="${top - 10}" text-anchor="middle" fill="#111827">${escapeXml(label)}</text>`,
    );
  });
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const y = top + i * CELL;
    body.push(
      `<text x="${left - 8}" y="${px(y + CELL / 2 + 4)}" text-anchor="end" fill="#111827">${escapeXml(elementAt(labels, i, 'Confusion matrix labels'))}</text>`,
    );
    row.forEach((count, j) => {
      const share = total > 0 ? count / total : 0;
      const shade = Math.round(255 - share * 200);
      const fill =
        i === j
          ? `rgb(${shade},${Math.round(255 - share * 120)},${shade})`
          : `rgb(255,${shade},${shade})`;
      const x = left + j * CELL;
      body.push(
        `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${count === 0 ? '#f9fafb' : fill}" stroke="#d1d5db"/>`,
        `<text x="${px(x + CELL / 2)}" y="${px(y + CELL / 2 + 4)}" text-anchor="middle" fill="#111827" font-weight="${i === j ? 600 : 400}">${count}</text>`,
      );
    });
  });
  body.push(
    `<text x="${left}" y="${height - 16}" fill="#6b7280" font-size="11">diagonal: correct; shade: share of the true class</text>`,
  );
  return svgDocument(width, height, 'Confusion matrix (test set)', body);
}
