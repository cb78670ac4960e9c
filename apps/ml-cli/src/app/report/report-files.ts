import { elementAt } from '../common/element-at';
import { type ReportInput } from './report-input';
import { renderReportMarkdown } from './report-markdown';
import { barChartSvg } from './svg/bar-chart.svg';
import { confusionMatrixSvg } from './svg/confusion-matrix.svg';
import { residualsSvg } from './svg/residuals.svg';

export const REPORT_FILES = {
  metrics: 'metrics.json',
  report: 'report.md',
  plots: 'plots',
} as const;

/** The plots each task gets, relative to the report directory. */
export function plotFiles(input: ReportInput): Map<string, string> {
  const plots = new Map<string, string>();
  const { evaluation, importance } = input;
  if (evaluation.task === 'classification') {
    plots.set(
      `${REPORT_FILES.plots}/confusion-matrix.svg`,
      confusionMatrixSvg(evaluation.confusion),
    );
  } else {
    plots.set(
      `${REPORT_FILES.plots}/residuals.svg`,
      residualsSvg(evaluation.actual, evaluation.predicted),
    );
  }
  if (importance) {
    const caption =
      importance.kind === 'impurity'
        ? 'mean decrease in impurity over the trees (sums to 1)'
        : 'mean |coefficient| on standardised features';
    const bars = importance.names.map((label, j) => ({
      label,
      value: elementAt(importance.values, j, 'Feature importances'),
    }));
    plots.set(
      `${REPORT_FILES.plots}/feature-importance.svg`,
      barChartSvg('Feature importance', caption, bars),
    );
  }
  return plots;
}

/** metrics.json, report.md and the SVG plots, keyed by path relative to the report directory. */
export function renderReportFiles(input: ReportInput): Map<string, string> {
  const plots = plotFiles(input);
  const files = new Map<string, string>([
    [REPORT_FILES.metrics, `${JSON.stringify(metricsJson(input), null, 2)}\n`],
    [REPORT_FILES.report, renderReportMarkdown(input, [...plots.keys()])],
  ]);
  for (const [path, svg] of plots) files.set(path, svg);
  return files;
}

function metricsJson({
  evaluation,
  context,
  cv,
  importance,
}: ReportInput): Record<string, unknown> {
  return {
    task: context.task,
    target: context.target,
    model: context.model.type,
    primaryMetric: context.primaryMetric,
    test: { n: evaluation.n, ...evaluation.metrics },
    ...(cv && { cv }),
    ...(evaluation.task === 'classification' && {
      perClass: evaluation.perClass,
      confusionMatrix: evaluation.confusion,
    }),
    ...(importance && {
      featureImportance: {
        kind: importance.kind,
        values: Object.fromEntries(importance.names.map((name, j) => [name, importance.values[j]])),
      },
    }),
  };
}
