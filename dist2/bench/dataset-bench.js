// npm run bench:dataset [-- 100000 1000000]: conversion, readiness and live-score speed and peak RSS at two sizes.
import { appendFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { countRecords } from '../learning/dataset/readiness.js';
import { sampleRecords, toJsonl } from '../learning/dataset/sample-records.js';
const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
const counts = sizes.length ? sizes : [100_000, 1_000_000];
const PHASE = fileURLToPath(new URL('./dataset-phase.js', import.meta.url));
const root = await mkdtemp(path.join(os.tmpdir(), 'agi-bench-'));
async function generate(file, n) {
    await writeFile(file, '');
    const batch = 10_000;
    for (let i = 0; i < n; i += batch) {
        // Distinct seeds give distinct task_ids; bulk pads outputs and summaries to multi-KB records.
        await appendFile(file, toJsonl(sampleRecords(Math.min(batch, n - i), { seed: 1 + i / batch, bulk: 1200 })));
    }
}
const rows = [];
try {
    for (const n of counts) {
        const file = path.join(root, `dataset-${n}.jsonl`);
        process.stderr.write(`generating ${n} records…\n`);
        await generate(file, n);
        const fileMb = (await stat(file)).size / 1e6;
        const wc = performance.now();
        await execa('wc', ['-l', file]);
        const wcSeconds = (performance.now() - wc) / 1000;
        rows.push({
            n,
            file_mb: fileMb,
            phase: 'wc -l (baseline)',
            records: n,
            seconds: wcSeconds,
            mb_per_s: fileMb / wcSeconds,
            records_per_s: n / wcSeconds,
            peak_rss_mb: NaN,
        });
        const out = path.join(root, `out-${n}`);
        await mkdir(out, { recursive: true });
        for (const phase of ['sft', 'sft-trajectory', 'dpo', 'dpo-trajectory', 'readiness-full', 'live-scores']) {
            const r = await execa(process.execPath, [PHASE, phase, file, out]);
            rows.push({ n, file_mb: fileMb, ...JSON.parse(r.stdout) });
            await rm(path.join(out, phase), { recursive: true, force: true });
        }
        // Incremental: index the file (readiness's index, the live scores' cache), append 100 records, time each
        // re-check in a fresh process.
        await countRecords(file);
        await execa(process.execPath, [PHASE, 'live-scores-incremental', file, out]);
        await appendFile(file, toJsonl(sampleRecords(100, { seed: 999_999, bulk: 1200 })));
        for (const phase of ['readiness-incremental', 'live-scores-incremental']) {
            const r = await execa(process.execPath, [PHASE, phase, file, out]);
            rows.push({ n, file_mb: fileMb, ...JSON.parse(r.stdout) });
        }
        await rm(file, { force: true });
    }
}
finally {
    await rm(root, { recursive: true, force: true });
}
const line = (cells) => `| ${cells.join(' | ')} |`;
console.log(line(['records', 'file MB', 'phase', 'seconds', 'MB/s', 'records/s', 'peak RSS MB']));
console.log(line(['---', '---', '---', '---', '---', '---', '---']));
for (const r of rows) {
    console.log(line([
        r.n,
        r.file_mb.toFixed(0),
        r.phase,
        r.seconds < 0.1 ? `${(r.seconds * 1000).toFixed(1)} ms` : r.seconds.toFixed(2),
        r.phase.includes('incremental') ? '-' : r.mb_per_s.toFixed(0),
        Math.round(r.records_per_s),
        Number.isNaN(r.peak_rss_mb) ? '-' : r.peak_rss_mb.toFixed(0),
    ]));
}
//# sourceMappingURL=dataset-bench.js.map