import { activityChart } from './activity-chart';

const days = Array.from({ length: 30 }, (_, i) => ({
  date: `2026-11-${String(i + 1).padStart(2, '0')}`,
  signups: i === 29 ? 3 : 0,
  logins: i === 29 ? 7 : 1,
}));

describe(activityChart.name, () => {
  const sut = activityChart(
    days,
    (d) => d.slice(5),
    (d) => ({ signups: `${d.signups}`, logins: `${d.logins}` }),
  );

  it('draws one pair of bars per day, scaled to a round maximum', () => {
    expect(sut.signups).toHaveLength(30);
    expect(sut.logins).toHaveLength(30);
    expect(sut.gridLines.map((g) => g.label)).toEqual(['0', '5', '10']);
    const tallest = sut.logins[29];
    expect(tallest && tallest.y + tallest.height).toBeCloseTo(sut.baseline, 0);
    expect(sut.signups[0]?.height).toBe(0);
  });

  it('labels a few days, always the last one, without crowding it', () => {
    const labels = sut.dayLabels.map((l) => l.label);
    expect(labels.at(-1)).toBe('11-30');
    expect(labels.length).toBeLessThanOrEqual(6);
  });

  it('copes with an empty period', () => {
    const empty = activityChart(
      [],
      (d) => d,
      () => ({ signups: '', logins: '' }),
    );
    expect(empty.signups).toEqual([]);
    expect(empty.gridLines.map((g) => g.label)).toEqual(['0', '2', '4']);
  });
});
