/** Held-out success per generation, one line per row with its 95% interval as a band: a plain SVG. */
export function improvementPlot(data) {
    const W = 640;
    const H = 360;
    const m = { l: 56, r: 160, t: 48, b: 44 };
    const names = Object.keys(data.rows);
    const maxGen = Math.max(1, ...names.flatMap((n) => data.rows[n].map((g) => g.generation)));
    // The whole 0–100% scale: a gain reads as what it is, not as what a zoomed axis makes of it.
    const top = 1;
    const x = (g) => m.l + (g / maxGen) * (W - m.l - m.r);
    const y = (p) => H - m.b - (p / top) * (H - m.t - m.b);
    const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
    const parts = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
        `<rect width="${W}" height="${H}" fill="white"/>`,
        `<text x="${m.l}" y="18" font-size="14">Held-out success per generation (n = ${data.eval_tasks}, 95% Wilson band)</text>`,
        `<text x="${m.l}" y="34" font-size="11" fill="#555">${escape(data.suite)}</text>`,
    ];
    for (let i = 0; i <= 5; i++) {
        const p = (top * i) / 5;
        parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y(p)}" y2="${y(p)}" stroke="#ddd"/>`, `<text x="${m.l - 6}" y="${y(p) + 4}" text-anchor="end">${(p * 100).toFixed(0)}%</text>`);
    }
    for (let g = 0; g <= maxGen; g++)
        parts.push(`<text x="${x(g)}" y="${H - m.b + 18}" text-anchor="middle">${g}</text>`);
    parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle">generation</text>`);
    names.forEach((name, i) => {
        const c = colours[i % colours.length];
        const pts = data.rows[name].filter((g) => g.eval.success_rate !== null);
        const band = [
            ...pts.map((g) => `${x(g.generation)},${y(g.eval.interval?.[1] ?? g.eval.success_rate)}`),
            ...[...pts]
                .reverse()
                .map((g) => `${x(g.generation)},${y(g.eval.interval?.[0] ?? g.eval.success_rate)}`),
        ];
        parts.push(`<polygon points="${band.join(' ')}" fill="${c}" opacity="0.12"/>`);
        parts.push(`<polyline points="${pts.map((g) => `${x(g.generation)},${y(g.eval.success_rate)}`).join(' ')}" fill="none" stroke="${c}" stroke-width="2"/>`);
        for (const g of pts)
            parts.push(`<circle cx="${x(g.generation)}" cy="${y(g.eval.success_rate)}" r="3" fill="${c}"/>`);
        parts.push(`<text x="${W - m.r + 10}" y="${m.t + 16 * i + 10}" fill="${c}">${escape(name)}</text>`);
    });
    parts.push('</svg>');
    return parts.join('\n') + '\n';
}
function escape(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
//# sourceMappingURL=improvement-plot.js.map