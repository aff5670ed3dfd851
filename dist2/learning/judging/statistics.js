/**
 * The statistics the closed loop rests on: success rates with Wilson score intervals, and a one-sided
 * Cochran–Mantel–Haenszel test of "the new adapter succeeds less often than its predecessor" stratified by goal,
 * so that a change in the mix of tasks between the two periods cannot pass for a change in quality.
 */
/** Standard normal cumulative distribution, to ~1e-15 (checked against scipy in tests/unit/statistics.test.ts). */
export function normalCdf(z) {
    if (Number.isNaN(z))
        return Number.NaN;
    return 0.5 * erfc(-z / Math.SQRT2);
}
function erfc(x) {
    // The Taylor series of erf near 0 and Lentz's continued fraction for the tail: both converge to double
    // precision where used, which the common 1e-7 approximations do not (p-values near 1e-4 need the digits).
    const ax = Math.abs(x);
    let result;
    if (ax < 2.5) {
        // erf series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
        let sum = ax;
        let term = ax;
        const x2 = ax * ax;
        for (let n = 1; n < 200; n++) {
            term *= -x2 / n;
            const add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum))
                break;
        }
        result = 1 - (2 / Math.sqrt(Math.PI)) * sum;
    }
    else {
        // Lentz's continued fraction for erfc(x) = exp(-x²)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
        let f = ax;
        let c = ax;
        let d = 0;
        for (let n = 1; n < 500; n++) {
            const an = n / 2;
            d = ax + an * d;
            d = d === 0 ? 1e-300 : 1 / d;
            c = ax + an / c;
            if (c === 0)
                c = 1e-300;
            const delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16)
                break;
        }
        result = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
    }
    return x >= 0 ? result : 2 - result;
}
/** z such that normalCdf(z) = p (Acklam's approximation refined by one Halley step: ~1e-15). */
export function normalQuantile(p) {
    if (!(p > 0 && p < 1))
        throw new RangeError(`normalQuantile: p must lie in (0, 1), got ${p}`);
    const a = [
        -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
        2.506628277459239,
    ];
    const b = [
        -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
    ];
    const c = [
        -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
        2.938163982698783,
    ];
    const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
    const low = 0.02425;
    let x;
    if (p < low) {
        const q = Math.sqrt(-2 * Math.log(p));
        x =
            (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    else if (p <= 1 - low) {
        const q = p - 0.5;
        const r = q * q;
        x =
            ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
                (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    else {
        const q = Math.sqrt(-2 * Math.log(1 - p));
        x =
            -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const e = normalCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    return x - u / (1 + (x * u) / 2);
}
/** Wilson's score interval for `successes` of `n` (Wilson 1927; Newcombe 1998's method 3), at `level`. */
export function wilsonInterval(successes, n, level = 0.95) {
    if (n <= 0)
        return null;
    if (successes < 0 || successes > n)
        throw new RangeError(`wilsonInterval: ${successes} successes of ${n}`);
    const z = normalQuantile(1 - (1 - level) / 2);
    const p = successes / n;
    const z2 = z * z;
    const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
    // Clamp the float noise at the ends (0/n and n/n have an exact bound there).
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
/**
 * One-sided Cochran–Mantel–Haenszel test (no continuity correction) over goal strata: is the new adapter's
 * success probability lower than its predecessor's on the same goals? Each goal contributes its hypergeometric
 * mean and variance, so a goal seen 40 times does not drown one seen twice in a different way than its share.
 */
export function cmhWorseTest(strata) {
    let observed = 0;
    let expected = 0;
    let variance = 0;
    let informative = 0;
    for (const s of strata) {
        const n = s.newTrials + s.oldTrials;
        const successes = s.newSuccesses + s.oldSuccesses;
        const failures = n - successes;
        if (s.newTrials === 0 || s.oldTrials === 0 || n < 2)
            continue;
        const v = (s.newTrials * s.oldTrials * successes * failures) / (n * n * (n - 1));
        observed += s.newSuccesses;
        expected += (s.newTrials * successes) / n;
        variance += v;
        if (v > 0)
            informative++;
    }
    const excess = observed - expected;
    if (variance <= 0)
        return { informative, excess, z: null, pWorse: null };
    const z = excess / Math.sqrt(variance);
    return { informative, excess, z, pWorse: normalCdf(z) };
}
//# sourceMappingURL=statistics.js.map