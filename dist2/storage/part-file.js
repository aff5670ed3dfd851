import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
/** Suffix of a file still being written: listings skip it, and it never has the final name. */
export const PART_SUFFIX = '.part';
/** Writes `target` through a `.part` file renamed into place: readers see the whole file or none. */
export async function writeViaPart(target, write) {
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}${PART_SUFFIX}`;
    try {
        await write(tmp);
        await rename(tmp, target);
    }
    catch (err) {
        await rm(tmp, { force: true });
        throw err;
    }
}
//# sourceMappingURL=part-file.js.map