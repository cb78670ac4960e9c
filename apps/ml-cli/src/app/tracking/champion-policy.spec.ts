import { beatsChampion } from './champion-policy';

describe(beatsChampion.name, () => {
  it('needs a strictly better score, higher or lower by metric', () => {
    expect(beatsChampion('accuracy', 0.95, 0.94)).toBe(true);
    expect(beatsChampion('accuracy', 0.94, 0.94)).toBe(false);
    expect(beatsChampion('r2', 0.5, 0.6)).toBe(false);
    expect(beatsChampion('rmse', 2.1, 2.2)).toBe(true);
    expect(beatsChampion('mae', 2.2, 2.1)).toBe(false);
  });

  it('takes over when there is no champion score, never with NaN', () => {
    expect(beatsChampion('accuracy', 0.1, undefined)).toBe(true);
    expect(beatsChampion('rmse', 5, NaN)).toBe(true);
    expect(beatsChampion('accuracy', NaN, undefined)).toBe(false);
  });
});
