// One benchmark phase in its own process, so its peak RSS is its own. Prints one JSON line.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { convertSnapshot } from '../learning/examples/convert.js';
import { liveScores } from '../learning/live/live-scores.js';
import { countRecords } from '../learning/dataset/readiness.js';
const [phase, file, outDir] = process.argv.slice(2);
const size = (await stat(file)).size;
const started = performance.now();
let records = 0;
const CONVERSIONS = {
    sft: ['lora', 'summary'],
    dpo: ['dpo', 'summary'],
    'sft-trajectory': ['lora', 'trajectory'],
    'dpo-trajectory': ['dpo', 'trajectory'],
};
const conversion = CONVERSIONS[phase];
if (conversion) {
    const r = await convertSnapshot({
        datasetPath: file,
        offset: size,
        strategy: conversion[0],
        exampleFormat: conversion[1],
        outDir: path.join(outDir, phase),
        evalFraction: 0.05,
        evalMinRecords: 20,
        maxPairsPerGoal: 16,
    });
    records = r.records;
}
else if (phase === 'readiness-full') {
    records = (await countRecords(file, { useIndex: false })).valid;
}
else if (phase === 'live-scores' || phase === 'live-scores-incremental') {
    // What each SelfOptimizer tick (learning.live_gate) and `adapters list` read: `live-scores` is one full
    // attribution pass; `live-scores-incremental` reads only what was appended since the cache beside the dataset.
    const history = [
        {
            at: '2000-01-01T00:00:00Z',
            adapter_path: 'm/r1/adapter',
            previous: null,
            reason: 'run',
            run_name: 'r1',
        },
    ];
    const scores = await liveScores(file, history, 'm/r1/adapter', {
        useCache: phase === 'live-scores-incremental',
    });
    records = scores.attributed + scores.unattributed;
}
else if (phase === 'readiness-incremental') {
    records = (await countRecords(file)).valid;
}
else
    throw new Error(`unknown phase ${phase}`);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({
    phase,
    records,
    seconds,
    mb_per_s: size / 1e6 / seconds,
    records_per_s: records / seconds,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
}) + '\n');
//# sourceMappingURL=dataset-phase.js.map