import { elementAt } from '../common/element-at';
import { type ReportInput } from './report-input';
import { formatNumber } from './svg/svg-document';

const cell = (value: unknown): string => String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ];
}

/** report.md: scores, cross-validation, per-class results, plots and provenance. */
export function renderReportMarkdown(input: ReportInput, plots: readonly string[]): string {
  const { evaluation, context, cv, importance } = input;
  const lines = [
    `# ${context.title}`,
    '',
    `${context.task === 'classification' ? 'Classification' : 'Regression'} of **${context.target}** with \`${context.model.type}\`; primary metric **${context.primaryMetric}**.`,
    '',
  ];
  if (context.sources) {
    lines.push(`Model: \`${context.sources.model}\`  `, `Data: \`${context.sources.data}\``, '');
  }
  lines.push('## Test set', '');
  lines.push(
    ...table(
      ['metric', 'value'],
      [
        ['rows', evaluation.n],
        ...Object.entries(evaluation.metrics).map(([k, v]) => [k, formatNumber(v)]),
      ],
    ),
  );
  if (cv) {
    lines.push(
      `## ${cv.folds}-fold cross-validation on the training split${cv.stratified ? ' (stratified)' : ''}`,
      '',
    );
    lines.push(
      ...table(
        ['metric', 'mean', 'std', 'folds'],
        Object.entries(cv.metrics).map(([metric, s]) => [
          metric,
          formatNumber(s.mean),
          formatNumber(s.std),
          s.scores.map(formatNumber).join(', '),
        ]),
      ),
    );
  }
  if (evaluation.task === 'classification') {
    lines.push('## Per class', '');
    lines.push(
      ...table(
        ['class', 'precision', 'recall', 'f1', 'support'],
        evaluation.perClass.map((c) => [
          c.label,
          formatNumber(c.precision),
          formatNumber(c.recall),
          formatNumber(c.f1),
          c.support,
        ]),
      ),
    );
    lines.push('## Confusion matrix (rows: true, columns: predicted)', '');
    const { labels, matrix } = evaluation.confusion;
    lines.push(
      ...table(
        ['', ...labels],
        matrix.map((row, i) => [labels[i], ...row]),
      ),
    );
  }
  if (importance) {
    const top = importance.names
      .map((name, j) => [name, elementAt(importance.values, j, 'Feature importances')] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15);
    lines.push(`## Feature importance (${importance.kind})`, '');
    lines.push(
      ...table(
        ['feature', 'importance'],
        top.map(([name, value]) => [name, formatNumber(value)]),
      ),
    );
  }
  if (plots.length > 0) {
    lines.push(
      '## Plots',
      '',
      ...plots.map((p) => `![${p.replace(/^plots\/|\.svg$/g, '')}](${p})`),
      '',
    );
  }
  lines.push('## Model', '');
  lines.push(
    ...table(
      ['setting', 'value'],
      Object.entries(context.model.params).map(([k, v]) => [k, JSON.stringify(v)]),
    ),
  );
  const provenance = Object.entries(context.provenance ?? {}).filter(([, v]) => v !== undefined);
  if (provenance.length > 0) {
    lines.push('## Provenance', '', ...table(['', ''], provenance), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
