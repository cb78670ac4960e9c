import { evaluatePredictions } from '../modelling/evaluation';
import { renderReportFiles } from './report-files';

describe(renderReportFiles.name, () => {
  const context = {
    title: 'A <b>&</b> test',
    task: 'classification' as const,
    target: 'y',
    model: { type: 'random_forest' as const, params: { nEstimators: 3 } },
    primaryMetric: 'accuracy' as const,
    rows: { train: 8, test: 3 },
    provenance: { 'git commit': 'abc' },
  };

  it('writes metrics.json, report.md and escaped, well-formed SVG plots', () => {
    const evaluation = evaluatePredictions(
      'classification',
      ['<x>', 'y&z', 'y&z'],
      ['<x>', 'y&z', '<x>'],
    );
    const files = renderReportFiles({
      evaluation,
      context,
      importance: { kind: 'impurity', names: ['f<1>', 'f2'], values: [0.75, 0.25] },
      cv: {
        folds: 3,
        stratified: true,
        metrics: { accuracy: { mean: 0.9, std: 0.1, scores: [0.8, 0.9, 1] } },
      },
    });
    expect([...files.keys()]).toEqual([
      'metrics.json',
      'report.md',
      'plots/confusion-matrix.svg',
      'plots/feature-importance.svg',
    ]);
    expect(JSON.parse(files.get('metrics.json') ?? '')).toMatchObject({
      primaryMetric: 'accuracy',
      test: { n: 3, accuracy: expect.closeTo(2 / 3, 12) },
      cv: { folds: 3 },
      confusionMatrix: {
        labels: ['<x>', 'y&z'],
        matrix: [
          [1, 0],
          [1, 1],
        ],
      },
      featureImportance: { kind: 'impurity', values: { 'f<1>': 0.75, f2: 0.25 } },
    });
    const report = files.get('report.md') ?? '';
    expect(report).toContain('## 3-fold cross-validation on the training split (stratified)');
    expect(report).toContain('![confusion-matrix](plots/confusion-matrix.svg)');
    for (const [name, svg] of files) {
      if (!name.endsWith('.svg')) continue;
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>\n$/);
      expect(svg).not.toMatch(/<(?!\/?(svg|title|rect|text|line|circle)\b)/);
      expect(svg).not.toMatch(/&(?!#\d+;)/);
    }
    expect(files.get('plots/confusion-matrix.svg')).toContain('&#60;x&#62;');
  });

  it('plots residuals for regression', () => {
    const evaluation = evaluatePredictions('regression', [1, 2, 3], Float64Array.from([1.5, 2, 2]));
    const files = renderReportFiles({
      evaluation,
      context: { ...context, task: 'regression', primaryMetric: 'rmse' },
    });
    expect([...files.keys()]).toEqual(['metrics.json', 'report.md', 'plots/residuals.svg']);
    expect(files.get('plots/residuals.svg')?.match(/<circle /g)).toHaveLength(3);
  });
});
