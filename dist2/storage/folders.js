import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { parseJsonWith } from '../shared/stored-json.js';
/**
 * A folder in the store is complete once its marker exists: written last, listing every file and size. A
 * reader takes nothing without it, so an upload cut off at any point (a host killed mid-checkpoint) leaves
 * files no resume will pick.
 */
export const MARKER = '_COMPLETE.json';
const MarkerSchema = z.object({
    files: z.array(z.object({ path: z.string().min(1), size: z.number().int().nonnegative() })),
    /** What the folder was made from (a snapshot's sha256, a checkpoint's step): a retry compares it. */
    tag: z.string().nullable().default(null),
});
const PARALLEL_FILES = 4;
/** Every file under `dir`, as `/`-separated relative paths with sizes, sorted. */
export async function filesUnder(dir, rel = '') {
    const out = [];
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory())
            out.push(...(await filesUnder(dir, child)));
        else if (entry.isFile())
            out.push({ path: child, size: (await stat(path.join(dir, child))).size });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
async function inParallel(items, fn) {
    let next = 0;
    const lane = async () => {
        while (next < items.length)
            await fn(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_FILES, items.length) }, lane));
}
export async function readMarker(store, prefix) {
    const text = await store.getText(`${prefix}/${MARKER}`);
    return text === null ? null : (parseJsonWith(MarkerSchema, text) ?? null);
}
/** Uploads every file under `dir` to `prefix/…`, then the marker; returns the bytes sent. */
export async function uploadFolder(store, dir, prefix, tag = null) {
    const files = await filesUnder(dir);
    await inParallel(files, (f) => store.putFile(`${prefix}/${f.path}`, path.join(dir, f.path)));
    const marker = { files, tag };
    await store.putText(`${prefix}/${MARKER}`, JSON.stringify(marker));
    return { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) };
}
/** Where a downloaded folder records which stored version it holds (beside it, so the folder stays as stored). */
export function localMarkerOf(dir) {
    return path.join(path.dirname(dir), `.${path.basename(dir)}.stored.json`);
}
/**
 * Downloads the complete folder at `prefix` into `dir` (built aside, then renamed into place). Returns null
 * when the store holds no complete folder there; skips the copy when `dir` already holds this version.
 */
export async function downloadFolder(store, prefix, dir) {
    const marker = await readMarker(store, prefix);
    if (!marker)
        return null;
    const bytes = marker.files.reduce((n, f) => n + f.size, 0);
    const have = await readFile(localMarkerOf(dir), 'utf8').catch(() => null);
    if (have === JSON.stringify(marker) && (await stat(dir).catch(() => null))?.isDirectory())
        return { files: marker.files.length, bytes, reused: true, marker };
    const partial = `${dir}.partial-${randomBytes(4).toString('hex')}`;
    try {
        await inParallel(marker.files, async (f) => {
            const target = path.join(partial, ...f.path.split('/'));
            if (!(await store.getFile(`${prefix}/${f.path}`, target)))
                throw new Error(`${store.location}/${prefix}/${f.path} is listed in ${MARKER} but missing`);
            const size = (await stat(target)).size;
            if (size !== f.size)
                throw new Error(`${store.location}/${prefix}/${f.path} has ${size} bytes, ${MARKER} says ${f.size}`);
        });
        await rm(dir, { recursive: true, force: true });
        await rename(partial, dir);
    }
    catch (err) {
        await rm(partial, { recursive: true, force: true });
        throw err;
    }
    await writeFileAtomic(localMarkerOf(dir), JSON.stringify(marker), { durable: false });
    return { files: marker.files.length, bytes, reused: false, marker };
}
/** The complete sub-folders directly under `prefix` (their names), e.g. the uploaded checkpoints of a run. */
export async function completeFolders(store, prefix) {
    const objects = await store.list(`${prefix}/`);
    const names = new Set();
    for (const o of objects) {
        const rest = o.key.slice(prefix.length + 1).split('/');
        if (rest.length === 2 && rest[1] === MARKER)
            names.add(rest[0]);
    }
    return [...names].sort();
}
/**
 * Deletes a stored folder, its marker first: from then on no reader takes it, however far the rest gets.
 */
export async function deleteFolder(store, prefix) {
    await store.delete([`${prefix}/${MARKER}`]);
    await store.delete((await store.list(`${prefix}/`)).map((o) => o.key));
}
//# sourceMappingURL=folders.js.map