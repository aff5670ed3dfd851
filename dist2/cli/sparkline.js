const BARS = '▁▂▃▄▅▆▇█';
/** A terminal sparkline of `values`, averaged down to at most `width` characters; higher values, taller bars. */
export function sparkline(values, width = 40) {
    const finite = values.filter((v) => Number.isFinite(v));
    if (!finite.length)
        return '';
    const buckets = Math.min(width, finite.length);
    const means = Array.from({ length: buckets }, (_, i) => {
        const slice = finite.slice(Math.floor((i * finite.length) / buckets), Math.floor(((i + 1) * finite.length) / buckets));
        return slice.reduce((a, b) => a + b, 0) / slice.length;
    });
    const lo = Math.min(...means);
    const span = Math.max(...means) - lo;
    return means.map((v) => BARS[span ? Math.round(((v - lo) / span) * (BARS.length - 1)) : 0]).join('');
}
//# sourceMappingURL=sparkline.js.map