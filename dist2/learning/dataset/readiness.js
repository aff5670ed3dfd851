import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../../shared/atomic-write.js';
import { InvalidDatasetError } from '../../shared/errors.js';
import { nonRegularKind, nonRegularKindOf, nonRegularMessage } from '../../shared/regular-file.js';
import { readRecords } from './jsonl-reader.js';
import { isSuccess } from './record.js';
/** What readiness remembers between checks so that the next one reads only new bytes. */
const IndexSchema = z.object({
    // 2: records a later stage would choke on (issue 23) became bad lines; counts cached under 1 are stale.
    version: z.literal(2),
    dataset: z.string(),
    /** Offset after the last complete line counted. */
    offset: z.number().int().nonnegative(),
    next_line: z.number().int().positive(),
    valid: z.number().int().nonnegative(),
    bad: z.number().int().nonnegative(),
    successes: z.number().int().nonnegative(),
    failures: z.number().int().nonnegative(),
    /** sha256 of the up to 4 KiB before `offset`: a replaced or rewritten file no longer matches. */
    tail_sha256: z.string(),
    inode: z.number(),
});
const TAIL = 4096;
export function indexPathFor(dataset) {
    return path.join(path.dirname(dataset), `.${path.basename(dataset)}.index.json`);
}
/** Counts valid records (not lines), reading only what was appended since the last check. */
export async function countRecords(dataset, options = {}) {
    const st = await statDataset(dataset);
    const indexFile = indexPathFor(dataset);
    const useIndex = options.useIndex ?? true;
    const prev = useIndex ? await loadIndex(indexFile, dataset, st.ino, st.size) : undefined;
    const base = prev ?? {
        version: 2,
        dataset,
        offset: 0,
        next_line: 1,
        valid: 0,
        bad: 0,
        successes: 0,
        failures: 0,
        tail_sha256: '',
        inode: st.ino,
    };
    const progress = { offset: base.offset, nextLine: base.next_line };
    const next = { ...base };
    for await (const item of readRecords(dataset, {
        start: base.offset,
        firstLine: base.next_line,
        end: st.size,
        progress,
    })) {
        if (item.kind === 'bad')
            next.bad++;
        else {
            next.valid++;
            if (isSuccess(item.record))
                next.successes++;
            else
                next.failures++;
        }
    }
    next.offset = progress.offset;
    next.next_line = progress.nextLine;
    next.inode = st.ino;
    if (useIndex && (next.offset !== base.offset || !prev)) {
        next.tail_sha256 = await tailHash(dataset, next.offset);
        // The index is a cache, validated by its tail hash on every use: no fsync (it halves an incremental
        // check), and failing to write it (read-only folder) must not fail the check.
        await writeJsonAtomic(indexFile, next, { durable: false }).catch(() => undefined);
    }
    const { offset, valid, bad, successes, failures } = next;
    return { dataset, offset, valid, bad, successes, failures, scan: prev ? 'incremental' : 'full' };
}
async function statDataset(dataset) {
    try {
        const st = await stat(dataset);
        if (st.isDirectory()) {
            throw new InvalidDatasetError(`dataset path ${dataset} is a directory: point learning.dataset_path or --dataset at a .jsonl file`);
        }
        // A FIFO would block the reader forever, a device reads as nothing: refused before anything opens it.
        const kind = nonRegularKind(st);
        if (kind) {
            throw new InvalidDatasetError(nonRegularMessage('dataset', dataset, kind, 'point learning.dataset_path or --dataset at a .jsonl file'));
        }
        return st;
    }
    catch (err) {
        if (err.code === 'ENOENT') {
            throw new InvalidDatasetError(`dataset ${dataset} does not exist: append records first (agi-core dataset append) or pass --dataset`);
        }
        throw err;
    }
}
async function loadIndex(file, dataset, inode, size) {
    let parsed;
    try {
        // The index is a cache: anything but a regular file there is no index (it is replaced on the next write).
        if (await nonRegularKindOf(file))
            return undefined;
        parsed = IndexSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    }
    catch {
        return undefined;
    }
    // Truncated, replaced or rewritten files are recounted from the start.
    if (parsed.dataset !== dataset || parsed.inode !== inode || parsed.offset > size)
        return undefined;
    if ((await tailHash(dataset, parsed.offset)) !== parsed.tail_sha256)
        return undefined;
    return parsed;
}
/**
 * sha256 of the up to 4 KiB before `end`: recorded with a run's snapshot so conversion can tell a file that was
 * rewritten or replaced since readiness (same size or longer) from one that only grew.
 */
export const snapshotTailHash = (file, end) => tailHash(file, end);
async function tailHash(file, end) {
    const start = Math.max(0, end - TAIL);
    const buf = Buffer.alloc(end - start);
    const handle = await open(file, 'r');
    try {
        await handle.read(buf, 0, buf.length, start);
    }
    finally {
        await handle.close();
    }
    return createHash('sha256').update(buf).digest('hex');
}
//# sourceMappingURL=readiness.js.map