import { higherIsBetter, type MetricName } from '../common/pipeline-vocabulary';

/**
 * True when `candidate` strictly beats `champion` on `metric` (a tie keeps the champion). A
 * missing or NaN champion score is beaten by any real score.
 */
export function beatsChampion(
  metric: MetricName,
  candidate: number,
  champion: number | undefined,
): boolean {
  if (Number.isNaN(candidate)) return false;
  if (champion === undefined || Number.isNaN(champion)) return true;
  return higherIsBetter(metric) ? candidate > champion : candidate < champion;
}
