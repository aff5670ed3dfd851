import { constants } from 'node:fs';
import { access, mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { refuseNetworkFilesystem, withDirLock } from './dir-lock.js';
import { errorMessage, InvalidDatasetError, isPathShapeError, osReason } from './errors.js';
import { nonRegularKind, nonRegularMessage } from './regular-file.js';
export const appendIo = {
    write: (handle, data, offset, length) => handle.write(data, offset, length),
    sync: (handle) => handle.sync(),
};
/** Why a batch did not reach the file (ENOSPC, EIO, EDQUOT …); the file is as it was before the batch when `restored`. */
export class DatasetWriteError extends Error {
    file;
    why;
    restored;
    name = 'DatasetWriteError';
    constructor(message, file, 
    /** The cause, as `ENOSPC (no space left on the device)`. */
    why, 
    /** The file was cut back to its size before the batch: none of the batch is in it, not even part of a line. */
    restored, options) {
        super(message, options);
        this.file = file;
        this.why = why;
        this.restored = restored;
    }
}
/**
 * Appends complete JSONL lines under a cross-process lock, in one write, fsynced before it resolves.
 * If a writer died mid-line, the torn tail is closed with a newline first, so it stays one bad line
 * and never merges into the records appended now.
 * All or nothing: when the write or the fsync fails, the file is cut back to the size it had before this call,
 * so no line of the batch (and no part of one) stays, and a DatasetWriteError names the file, the setting and
 * the cause.
 */
export async function appendLines(file, lines, setting = 'learning.dataset_path', io = appendIo) {
    if (!lines.length)
        return;
    for (const line of lines) {
        if (line.includes('\n'))
            throw new Error('appendLines: a JSONL line must not contain a newline');
    }
    const folder = path.dirname(file);
    await mkdir(folder, { recursive: true }).catch((err) => {
        throw notWritable(file, folder, err, setting);
    });
    const existing = await stat(file).catch(() => undefined);
    if (existing?.isDirectory()) {
        throw new InvalidDatasetError(`dataset path ${file} is a directory: point ${setting} at a .jsonl file`);
    }
    // A FIFO blocks this append until a reader comes (forever, for an agent), /dev/null swallows the records:
    // refused before anything opens it, as every reader of the dataset refuses it.
    const kind = existing ? nonRegularKind(existing) : null;
    if (kind)
        throw new InvalidDatasetError(nonRegularMessage('dataset', file, kind, 'point it at a regular .jsonl file', setting));
    // The lock is a folder beside the dataset: check here, so a read-only folder is named as such rather
    // than surfacing as an error about an internal lock folder.
    await access(folder, constants.W_OK).catch((err) => {
        throw notWritable(file, folder, err, setting);
    });
    if (existing) {
        await access(file, constants.W_OK).catch((err) => {
            throw notWritable(file, file, err, setting);
        });
    }
    await refuseNetworkFilesystem(folder, setting);
    await withDirLock(`${file}.lock`, async () => {
        const handle = await open(file, 'a+');
        try {
            const { size } = await handle.stat();
            let prefix = '';
            if (size > 0) {
                const last = Buffer.alloc(1);
                await handle.read(last, 0, 1, size - 1);
                if (last[0] !== 10)
                    prefix = '\n';
            }
            const data = Buffer.from(prefix + lines.join('\n') + '\n');
            try {
                // One write for the batch; a short one (the disk filling up) is carried on from where it stopped.
                for (let done = 0; done < data.length;) {
                    const { bytesWritten } = await io.write(handle, data, done, data.length - done);
                    if (bytesWritten <= 0)
                        throw Object.assign(new Error('write wrote nothing'), { code: 'EIO' });
                    done += bytesWritten;
                }
                await io.sync(handle);
            }
            catch (err) {
                throw await cutBack(handle, file, setting, size, lines.length, err);
            }
        }
        finally {
            await handle.close();
        }
    }, { retryMs: 3 });
}
const codeOf = (err) => err.code ?? 'error';
function notWritable(file, blocked, cause, setting) {
    const fix = isPathShapeError(cause)
        ? `point ${setting} at a .jsonl file in a folder`
        : `make it writable by this user or point ${setting} at a writable folder`;
    return new InvalidDatasetError(`cannot append to the dataset ${file} (${setting}): cannot write ${blocked} (${codeOf(cause)}): ${osReason(cause)}; ${fix}`, { cause });
}
const WRITE_CAUSES = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'I/O error',
    EFBIG: 'file too large',
};
/** After a failed write or fsync: the file back to `size` bytes (and fsynced), and the error to throw. */
async function cutBack(handle, file, setting, size, count, cause) {
    const code = cause.code ?? 'error';
    const why = `${code} (${WRITE_CAUSES[code] ?? errorMessage(cause)})`;
    const head = `cannot append to ${file} (${setting}): ${why}`;
    try {
        await handle.truncate(size);
        await handle.sync();
    }
    catch (err) {
        const failed = err.code ?? 'error';
        return new DatasetWriteError(`${head}; cutting it back to its ${size} bytes failed too (${failed}), so it may end in part of the ${count} line(s) being written: \`agi-core dataset validate\` reports that line, and the next append starts a new line after it`, file, why, false, { cause });
    }
    return new DatasetWriteError(`${head}; none of the ${count} line(s) being written were kept: the file is as it was before (${size} bytes)`, file, why, true, { cause });
}
//# sourceMappingURL=append.js.map