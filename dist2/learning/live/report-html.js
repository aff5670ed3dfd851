import { timelineOf } from '../adapters/attribution.js';
/** Fixed colours, one per adapter in order of appearance: the test finds them in the rendered pixels. */
export const PALETTE = [
    '#1f77b4',
    '#2ca02c',
    '#9467bd',
    '#ff7f0e',
    '#17becf',
    '#8c564b',
    '#e377c2',
    '#bcbd22',
];
export const ROLLBACK_COLOUR = '#d62728';
/** In every report's head: what `agi-core report` may overwrite. */
export const REPORT_MARKER = '<meta name="generator" content="agi-core report">';
const W = 960;
const H = 340;
const PAD = { left: 56, right: 24, top: 24, bottom: 44 };
const esc = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const pct = (x) => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);
/** When each adapter was live: from its activation to the next one (the last until now), on the timeline the
 *  records are attributed by; the time before the first activation is drawn as a short lead-in. */
export function livePeriods(history, now) {
    const timeline = timelineOf(history);
    const first = timeline[1]?.from;
    if (first === undefined)
        return [{ adapter: timeline[0].adapter, from: now - 3_600_000, to: now }];
    const lead = Math.max(now - first, 3_600_000) * 0.15;
    return timeline
        .map((t, i) => ({
        adapter: t.adapter,
        from: i === 0 ? first - lead : t.from,
        to: timeline[i + 1]?.from ?? now,
    }))
        .filter((p) => p.to > p.from);
}
function chart(data, colours) {
    const now = data.generatedAt.getTime();
    const periods = livePeriods(data.history, now);
    const t0 = Math.min(...periods.map((p) => p.from));
    const t1 = Math.max(...periods.map((p) => p.to), t0 + 1);
    const x = (t) => Math.round(PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
    const y = (r) => Math.round(H - PAD.bottom - r * (H - PAD.top - PAD.bottom));
    const score = new Map(data.scores.adapters.map((a) => [a.adapter, a]));
    const parts = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" shape-rendering="crispEdges" role="img" aria-label="success rate per adapter over time">`,
        `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    ];
    for (const r of [0, 0.25, 0.5, 0.75, 1]) {
        parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(r)}" y2="${y(r)}" stroke="#e6e6e6"/>`, `<text x="${PAD.left - 8}" y="${y(r) + 4}" text-anchor="end" font-size="11" fill="#555">${pct(r)}</text>`);
    }
    for (const p of periods) {
        const s = score.get(p.adapter);
        const colour = colours.get(p.adapter) ?? '#7f7f7f';
        const label = `<text x="${x(p.from) + 4}" y="${PAD.top + 12}" font-size="11" fill="${colour}">${esc(p.adapter)}</text>`;
        if (!s || s.success_rate === null) {
            parts.push(label);
            continue;
        }
        const [lo, hi] = s.interval;
        parts.push(`<rect class="band" data-adapter="${esc(p.adapter)}" x="${x(p.from)}" y="${y(hi)}" width="${Math.max(1, x(p.to) - x(p.from))}" height="${Math.max(1, y(lo) - y(hi))}" fill="${colour}" fill-opacity="0.22"/>`, `<line class="rate" x1="${x(p.from)}" x2="${x(p.to)}" y1="${y(s.success_rate)}" y2="${y(s.success_rate)}" stroke="${colour}" stroke-width="3"/>`, label);
    }
    for (const e of data.history) {
        const at = Date.parse(e.at);
        if (!Number.isFinite(at))
            continue;
        const rollback = e.reason === 'rollback';
        parts.push(`<line class="${rollback ? 'rollback-marker' : 'activation-marker'}" x1="${x(at)}" x2="${x(at)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="${rollback ? ROLLBACK_COLOUR : '#999999'}" stroke-width="${rollback ? 3 : 1}"${rollback ? '' : ' stroke-dasharray="4 3"'}/>`);
        if (rollback) {
            // Left of the line near the right edge, so the label is never cut off.
            const left = x(at) > W - PAD.right - 130;
            parts.push(`<text x="${x(at) + (left ? -5 : 5)}" y="${H - PAD.bottom - 6}" font-size="11" fill="${ROLLBACK_COLOUR}"${left ? ' text-anchor="end"' : ''}>rollback${e.live_gate ? ' (live gate)' : ''}</text>`);
        }
    }
    const day = (t) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
    parts.push(`<text x="${PAD.left}" y="${H - 14}" font-size="11" fill="#555">${day(t0)} UTC</text>`, `<text x="${W - PAD.right}" y="${H - 14}" font-size="11" fill="#555" text-anchor="end">${day(t1)} UTC</text>`, '</svg>');
    return parts.join('\n');
}
/** The whole page: one file, inline CSS and SVG, images as data: URLs — no server, no network, no script. */
export function renderReport(data) {
    const names = data.scores.adapters.map((a) => a.adapter);
    const colours = new Map(names.map((n, i) => [n, PALETTE[i % PALETTE.length]]));
    const legend = names
        .map((n) => `<span class="key"><span class="swatch" style="background:${colours.get(n)}"></span>${esc(n)}</span>`)
        .join('');
    const rows = data.scores.adapters
        .map((a) => {
        const vs = a.vs_predecessor;
        const versus = vs
            ? `${pct(vs.success_rate)} vs ${esc(vs.predecessor)} ${pct(vs.predecessor_success_rate)} on ${vs.goals} goal(s)${vs.p_worse === null ? '' : `, p_worse ${vs.p_worse.toPrecision(2)}`}`
            : esc(a.note ?? '–');
        const interval = a.interval ? `${pct(a.interval[0])}–${pct(a.interval[1])}` : '–';
        return `<tr${a.active ? ' class="active"' : ''}><td><span class="swatch" style="background:${colours.get(a.adapter)}"></span>${esc(a.adapter)}${a.active ? ' (active)' : ''}</td><td>${a.records}</td><td>${pct(a.success_rate)}</td><td>${interval}</td><td>${versus}</td></tr>`;
    })
        .join('\n');
    const timeline = data.history
        .map((e) => {
        const what = e.adapter_path ?? 'the base model';
        const why = e.live_gate ? ` — ${esc(e.live_gate.note)}` : '';
        return `<li class="${e.reason}"><time>${esc(e.at)}</time> <b>${e.reason}</b> ${esc(what)} (was ${esc(e.previous ?? 'the base model')})${why}</li>`;
    })
        .join('\n');
    const curves = data.runs
        .map((r) => {
        const picture = r.lossSvg
            ? `<img alt="loss curve of ${esc(r.run)}" src="data:image/svg+xml;base64,${Buffer.from(r.lossSvg).toString('base64')}">`
            : '<p class="none">no loss curve (a dry run, or a run from before loss curves)</p>';
        const loss = r.eval_loss === null ? '' : `, eval loss ${r.eval_loss.toFixed(4)}`;
        return `<figure><figcaption>${esc(r.run)} — ${esc(r.strategy)}${loss}, ${esc(r.created_at)}</figcaption>${picture}</figure>`;
    })
        .join('\n');
    const unattributed = data.scores.unattributed
        ? `<p class="warn">${data.scores.unattributed} record(s) could not be attributed to an adapter (for example line ${data.scores.unattributed_examples[0].line}: ${esc(data.scores.unattributed_examples[0].reason)}) and are left out.</p>`
        : '';
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${REPORT_MARKER}<title>agi-core report — ${esc(data.project)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px 32px;color:#222;max-width:1000px}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:28px 0 8px} .meta{color:#666;margin:0}
table{border-collapse:collapse} td,th{padding:4px 10px;border-bottom:1px solid #eee;text-align:left}
tr.active td{font-weight:600} .swatch{display:inline-block;width:14px;height:14px;margin-right:6px;vertical-align:-2px}
.key{margin-right:16px} ul{padding-left:18px} li.rollback{color:${ROLLBACK_COLOUR}} .warn{color:#a15c00}
figure{margin:12px 0} figcaption{color:#555;margin-bottom:4px} .none{color:#888}
</style></head><body>
<h1>agi-core: how each adapter did live</h1>
<p class="meta">${esc(data.project)} · dataset ${esc(data.datasetPath)} · generated ${esc(data.generatedAt.toISOString())}</p>
<h2>Success rate per adapter over time</h2>
<p class="meta">Line: the agent's success rate while the adapter was active; band: its 95% Wilson interval; dashed: activations; red: rollbacks.</p>
<div class="legend">${legend}</div>
${chart(data, colours)}
${unattributed}
<table><thead><tr><th>adapter</th><th>records</th><th>success</th><th>95% interval</th><th>against its predecessor, same goals</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Activations and rollbacks</h2>
<ul>${timeline || '<li>none yet</li>'}</ul>
<h2>Loss curves</h2>
${curves || '<p class="none">no runs yet</p>'}
</body></html>
`;
}
//# sourceMappingURL=report-html.js.map