/**
 * The statistics the closed loop rests on: success rates with Wilson score intervals, and a one-sided
 * Cochran–Mantel–Haenszel test of "the new adapter succeeds less often than its predecessor" stratified by goal,
 * so that a change in the mix of tasks between the two periods cannot pass for a change in quality.
 */
/** Standard normal cumulative distribution, to ~1e-15 (checked against scipy in tests/unit/statistics.test.ts). */
export declare function normalCdf(z: number): number;
/** z such that normalCdf(z) = p (Acklam's approximation refined by one Halley step: ~1e-15). */
export declare function normalQuantile(p: number): number;
/** Wilson's score interval for `successes` of `n` (Wilson 1927; Newcombe 1998's method 3), at `level`. */
export declare function wilsonInterval(successes: number, n: number, level?: number): [number, number] | null;
/** One stratum (one goal): successes and trials under the new adapter and under its predecessor. */
export type Stratum = {
    newSuccesses: number;
    newTrials: number;
    oldSuccesses: number;
    oldTrials: number;
};
export type WorseTest = {
    /** Strata that inform the test (both sides tried, not all one outcome). */
    informative: number;
    /** Σ new successes − Σ their expectation under "no difference"; negative when the new adapter does worse. */
    excess: number;
    /** The CMH statistic as a signed z (its square is the uncorrected CMH χ²); null without information. */
    z: number | null;
    /** One-sided p-value of "the new adapter succeeds less often": small means significantly worse. */
    pWorse: number | null;
};
/**
 * One-sided Cochran–Mantel–Haenszel test (no continuity correction) over goal strata: is the new adapter's
 * success probability lower than its predecessor's on the same goals? Each goal contributes its hypergeometric
 * mean and variance, so a goal seen 40 times does not drown one seen twice in a different way than its share.
 */
export declare function cmhWorseTest(strata: readonly Stratum[]): WorseTest;
