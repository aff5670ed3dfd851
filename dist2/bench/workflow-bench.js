// npm run bench:workflow: dry-run TrainingWorkflow latency on a warm embedded server, and the CLI end to end.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parseDocument } from 'yaml';
import { readFileSync } from 'node:fs';
import { loadConfig, PACKAGE_ROOT } from '../config/load-config.js';
import { sampleRecords, toJsonl } from '../learning/dataset/sample-records.js';
import { freePort } from '../shared/free-port.js';
import { openStack } from '../workers/stack.js';
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CLI = fileURLToPath(new URL('../cli/agi-core-train.js', import.meta.url));
async function project() {
    const root = await mkdtemp(path.join(os.tmpdir(), 'agi-bench-wf-'));
    await mkdir(path.join(root, 'config'));
    await mkdir(path.join(root, 'storage', 'learning'), { recursive: true });
    const doc = parseDocument(readFileSync(path.join(PACKAGE_ROOT, 'config', 'default.yaml'), 'utf8'));
    doc.setIn(['temporal', 'embedded', 'port'], await freePort());
    doc.setIn(['temporal', 'embedded', 'ui_port'], await freePort());
    await writeFile(path.join(root, 'config', 'default.yaml'), doc.toString());
    await writeFile(path.join(root, 'storage', 'learning', 'dataset.jsonl'), toJsonl(sampleRecords(64)));
    return root;
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const root = await project();
const config = loadConfig(path.join(root, 'config', 'default.yaml'));
const cliCold = [];
const cliWarm = [];
const workflow = [];
try {
    // CLI with no server running: it starts the dev server and workers, runs, and stops them.
    for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await execa(process.execPath, [CLI, '--dry-run'], { cwd: root, env: { TEMPORAL_ADDRESS: '' } });
        cliCold.push(performance.now() - t);
    }
    const stack = await openStack(config, { workers: 'if-missing', log: () => undefined });
    try {
        // Warm-up: bundle loaded, sticky cache filled.
        for (let i = 0; i < 3; i++)
            await run();
        for (let i = 0; i < RUNS; i++) {
            const t = performance.now();
            await run();
            workflow.push(performance.now() - t);
        }
        // CLI against the already-running server: it uses these workers instead of starting its own.
        for (let i = 0; i < 3; i++) {
            const t = performance.now();
            await execa(process.execPath, [CLI, '--dry-run'], { cwd: root, env: { TEMPORAL_ADDRESS: '' } });
            cliWarm.push(performance.now() - t);
        }
    }
    finally {
        await stack.close();
    }
    async function run() {
        await stack.client.workflow.execute('TrainingWorkflow', {
            workflowId: `bench-${Math.random().toString(36).slice(2)}`,
            taskQueue: config.temporal.task_queues.learning,
            args: [{ dryRun: true }],
        });
    }
}
finally {
    await rm(root, { recursive: true, force: true });
}
const ms = (x) => `${x.toFixed(0)} ms`;
console.log('| measurement | runs | median | p95 |');
console.log('| --- | --- | --- | --- |');
console.log(`| dry-run TrainingWorkflow, warm embedded server | ${workflow.length} | ${ms(pct(workflow, 50))} | ${ms(pct(workflow, 95))} |`);
console.log(`| agi-core-train --dry-run, no server running (starts + stops it) | ${cliCold.length} | ${ms(pct(cliCold, 50))} | ${ms(Math.max(...cliCold))} (max) |`);
console.log(`| agi-core-train --dry-run, server already running | ${cliWarm.length} | ${ms(pct(cliWarm, 50))} | ${ms(Math.max(...cliWarm))} (max) |`);
//# sourceMappingURL=workflow-bench.js.map