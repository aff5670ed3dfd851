import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
/**
 * Datasets, config and overrides files must be regular files. Opening a FIFO blocks until a writer comes
 * (forever, for a run), /dev/null reads as empty and swallows what is appended, a socket cannot be opened at
 * all: each is refused, before it is opened, with one line that says what the path is and which setting or
 * flag chose it.
 */
/** What `st` is in words when it is not a regular file ("a FIFO (named pipe)"), or null for a regular file. */
export function nonRegularKind(st) {
    if (st.isFile())
        return null;
    if (st.isDirectory())
        return 'a directory';
    if (st.isFIFO())
        return 'a FIFO (named pipe)';
    if (st.isCharacterDevice())
        return 'a character device';
    if (st.isBlockDevice())
        return 'a block device';
    if (st.isSocket())
        return 'a socket';
    return 'a special file';
}
/**
 * `label path (setting) is KIND, not a regular file: fix`, the one line every refusal uses.
 * `setting` is the config key or flag that chose the path; omitted when the caller cannot tell.
 */
export function nonRegularMessage(label, file, kind, fix, setting) {
    return `${label} ${file}${setting ? ` (${setting})` : ''} is ${kind}, not a regular file: ${fix}`;
}
function missing(err) {
    const code = err.code;
    return code === 'ENOENT' || code === 'ENOTDIR';
}
/** What the path (symlinks followed) is when it exists and is not a regular file; null when regular or absent. */
export function nonRegularKindSync(file) {
    let st;
    try {
        st = statSync(file);
    }
    catch (err) {
        if (missing(err))
            return null;
        throw err;
    }
    return nonRegularKind(st);
}
/** The same, asynchronously. */
export async function nonRegularKindOf(file) {
    let st;
    try {
        st = await stat(file);
    }
    catch (err) {
        if (missing(err))
            return null;
        throw err;
    }
    return nonRegularKind(st);
}
/**
 * Opens a file for reading, refusing anything that is not a regular file (`refuse` builds the error from what
 * it is). O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer, and the check is
 * made on the opened descriptor, so a path swapped for a FIFO after a stat cannot block either. On a regular
 * file O_NONBLOCK changes nothing.
 */
export async function openRegularFile(file, refuse) {
    // Stat first: opening a socket fails (ENXIO) and opening a device can act on it.
    const before = await nonRegularKindOf(file);
    if (before)
        throw refuse(before);
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    let kind;
    try {
        kind = nonRegularKind(await handle.stat());
    }
    catch (err) {
        await handle.close();
        throw err;
    }
    if (kind) {
        await handle.close();
        throw refuse(kind);
    }
    return handle;
}
/** Reads a whole file as UTF-8, synchronously, with the same refusal as openRegularFile. */
export function readRegularFileSync(file, refuse) {
    const before = nonRegularKindSync(file);
    if (before)
        throw refuse(before);
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
        const kind = nonRegularKind(fstatSync(fd));
        if (kind)
            throw refuse(kind);
        return readFileSync(fd, 'utf8');
    }
    finally {
        closeSync(fd);
    }
}
//# sourceMappingURL=regular-file.js.map