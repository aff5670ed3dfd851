// npm run bench:storage [-- 100 1000]: checkpoint upload and staging through the local S3 server, next to a plain
// file copy of the same bytes (the limit on this machine), for checkpoints of the given sizes in MB.
import { copyFile, mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { downloadFolder, uploadFolder } from '../storage/folders.js';
import { startLocalS3 } from '../storage/local-s3.js';
import { S3Store } from '../storage/s3-store.js';
const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
const megabytes = sizes.length ? sizes : [100, 1000];
const ROUNDS = 3;
const root = await mkdtemp(path.join(os.tmpdir(), 'agi-storage-bench-'));
/** A checkpoint-shaped folder: the weights and optimizer state (most of the bytes) and small JSON files. */
async function checkpoint(dir, mb) {
    await mkdir(dir, { recursive: true });
    const chunk = Buffer.alloc(1024 * 1024);
    for (const [name, share] of [
        ['adapter_model.safetensors', 1 / 3],
        ['optimizer.pt', 2 / 3],
    ]) {
        const handle = await open(path.join(dir, name), 'w');
        for (let i = 0; i < Math.round(mb * share); i++) {
            chunk.fill(i % 251);
            await handle.write(chunk);
        }
        await handle.close();
    }
    for (const name of ['trainer_state.json', 'scheduler.pt', 'rng_state.pth']) {
        const handle = await open(path.join(dir, name), 'w');
        await handle.write('{"global_step": 20}');
        await handle.close();
    }
}
async function copyFolder(from, to) {
    await mkdir(to, { recursive: true });
    for (const name of [
        'adapter_model.safetensors',
        'optimizer.pt',
        'trainer_state.json',
        'scheduler.pt',
        'rng_state.pth',
    ])
        await copyFile(path.join(from, name), path.join(to, name));
}
/** The median of ROUNDS timings, in seconds. */
async function median(fn) {
    const times = [];
    for (let round = 0; round < ROUNDS; round++) {
        const t = process.hrtime.bigint();
        await fn(round);
        times.push(Number(process.hrtime.bigint() - t) / 1e9);
    }
    return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}
const s3 = await startLocalS3({ dataDir: path.join(root, 's3'), bucket: 'bench' });
Object.assign(process.env, s3.env);
const store = new S3Store({
    bucket: 'bench',
    prefix: 'b',
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
});
const rows = [];
try {
    for (const mb of megabytes) {
        const src = path.join(root, `ckpt-${mb}`);
        await checkpoint(src, mb);
        const copy = await median((r) => copyFolder(src, path.join(root, `copy-${mb}-${r}`)));
        const upload = await median((r) => uploadFolder(store, src, `runs/x/checkpoints/checkpoint-${mb}-${r}`).then(() => undefined));
        const stage = await median(async (r) => {
            await downloadFolder(store, `runs/x/checkpoints/checkpoint-${mb}-${r}`, path.join(root, `staged-${mb}-${r}`));
        });
        for (const [op, s] of [
            ['plain file copy', copy],
            ['checkpoint upload (S3)', upload],
            ['staging download (S3)', stage],
        ])
            rows.push({
                size_mb: mb,
                operation: op,
                seconds: +s.toFixed(3),
                mb_per_s: Math.round(mb / s),
                vs_copy: +(s / copy).toFixed(2),
            });
        await rm(path.join(root, `copy-${mb}-0`), { recursive: true, force: true });
    }
}
finally {
    await s3.stop();
    await rm(root, { recursive: true, force: true });
}
console.log(`storage bench: ${ROUNDS} rounds each, median; local versitygw on 127.0.0.1, same disk (${os.cpus().length} CPUs)`);
console.table(rows);
//# sourceMappingURL=storage-bench.js.map