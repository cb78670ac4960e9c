import { accuracy, classificationReport, confusionMatrix, f1Macro } from './classification-metrics';

// Figures from scikit-learn's documentation examples for the same inputs.
describe(classificationReport.name, () => {
  const yTrue = [0, 1, 2, 0, 1, 2];
  const yPred = [0, 2, 1, 0, 0, 1];

  it('computes accuracy and macro F1', () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(1 / 3, 12);
    expect(f1Macro(yTrue, yPred)).toBeCloseTo(0.26666666666666666, 12);
  });

  it('reports per-class precision, recall, F1 and support, with 0/0 as 0', () => {
    const report = classificationReport(yTrue, yPred);
    expect(report.perClass.map((c) => c.label)).toEqual([0, 1, 2]);
    expect(report.perClass[0]).toEqual({
      label: 0,
      precision: 2 / 3,
      recall: 1,
      f1: 0.8,
      support: 2,
    });
    expect(report.perClass[1]).toEqual({ label: 1, precision: 0, recall: 0, f1: 0, support: 2 });
    expect(report.weighted.f1).toBeCloseTo(0.26666666666666666, 12);
  });

  it('builds a labelled confusion matrix, rows = truth', () => {
    const cm = confusionMatrix(
      ['cat', 'ant', 'cat', 'cat', 'ant', 'bird'],
      ['ant', 'ant', 'cat', 'cat', 'ant', 'cat'],
    );
    expect(cm.labels).toEqual(['ant', 'bird', 'cat']);
    expect(cm.matrix).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => accuracy([1], [1, 2])).toThrow(RangeError);
  });
});
