import { describe, expect, it } from 'vitest';
import {
  cmhWorseTest,
  normalCdf,
  normalQuantile,
  wilsonInterval,
  type Stratum,
} from '../../src/learning/judging/statistics.js';

describe('statistics of the closed loop, against published values', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17,
  // Table I, method 3 (Wilson score without continuity correction), to its 4 decimals.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
    [0, 10, 0, 0.2775],
  ])('Wilson 95%% interval of %i/%i is [%f, %f] (Newcombe 1998)', (s, n, lo, hi) => {
    const [a, b] = wilsonInterval(s, n)!;
    expect(a).toBeCloseTo(lo, 4);
    expect(b).toBeCloseTo(hi, 4);
  });

  it('Wilson refuses impossible counts and has no interval without trials', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(/5 successes of 4/);
  });

  it.each([
    [-4, 3.167124183311986e-5],
    [-1.96, 0.024997895148220435],
    [-1, 0.15865525393145707],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [2.5, 0.9937903346742238],
    [3, 0.9986501019683699],
  ])('normalCdf(%f) matches scipy.stats.norm.cdf', (z, p) => {
    expect(Math.abs(normalCdf(z) - p)).toBeLessThan(1e-12 + 1e-9 * p);
  });

  it('normalQuantile inverts normalCdf (1.959964 at 97.5 %)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
    for (const p of [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
    expect(() => normalQuantile(1)).toThrow(/\(0, 1\)/);
  });

  // Reference: statsmodels 0.14 StratifiedTable(tables).test_null_odds(correction=False), the CMH test; its χ²
  // is z², and the one-sided p is Φ(z) with z signed by observed − expected new successes.
  const strata = (rows: number[][]): Stratum[] =>
    rows.map(([a, b, c, d]) => ({ newSuccesses: a!, newTrials: b!, oldSuccesses: c!, oldTrials: d! }));

  it('CMH: a clearly worse adapter on three goals (χ² 9.535381870626086)', () => {
    const t = cmhWorseTest(
      strata([
        [8, 20, 14, 20],
        [5, 10, 7, 10],
        [12, 30, 21, 30],
      ]),
    );
    expect(t.z! ** 2).toBeCloseTo(9.535381870626086, 10);
    expect(t.z).toBeCloseTo(-3.087941364505823, 10);
    expect(t.pWorse).toBeCloseTo(0.0010077411698136967, 12);
    expect(t.informative).toBe(3);
  });

  it('CMH: equal rates give z 0 and p 0.5', () => {
    const t = cmhWorseTest(
      strata([
        [7, 10, 7, 10],
        [14, 20, 14, 20],
      ]),
    );
    expect(t.z).toBeCloseTo(0, 12);
    expect(t.pWorse).toBeCloseTo(0.5, 12);
  });

  it('CMH: mixed strata, one without an old trial ignored (χ² 0.16967194966598134)', () => {
    const t = cmhWorseTest(
      strata([
        [2, 10, 3, 10],
        [9, 12, 6, 12],
        [1, 5, 4, 5],
        [3, 3, 1, 4],
        [4, 4, 0, 0],
      ]),
    );
    expect(t.z).toBeCloseTo(0.41191255099351043, 10);
    expect(t.pWorse).toBeCloseTo(0.6597982394703229, 10);
    expect(t.informative).toBe(4);
  });

  it('CMH: no information (no shared goal, or every outcome the same) gives no verdict', () => {
    expect(cmhWorseTest([])).toMatchObject({ z: null, pWorse: null, informative: 0 });
    expect(cmhWorseTest(strata([[5, 5, 3, 3]]))).toMatchObject({ z: null, pWorse: null });
  });
});
