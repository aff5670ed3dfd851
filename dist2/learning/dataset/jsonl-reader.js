import { InvalidDatasetError } from '../../shared/errors.js';
import { nonRegularMessage, openRegularFile } from '../../shared/regular-file.js';
import { parseRecordLine } from './record.js';
const CHUNK = 1 << 20;
const decoder = new TextDecoder('utf-8', { fatal: true });
/**
 * Streams records with their line number and byte offset in constant memory (one chunk plus the longest line).
 * A trailing line without its newline is a writer mid-append: neither a record nor an error, and not consumed.
 * Empty lines are skipped silently; every other line is a record or a reported bad line.
 */
export async function* readRecords(file, options = {}) {
    // Never a FIFO or a device: opening a FIFO would wait for a writer forever.
    const handle = await openRegularFile(file, (kind) => new InvalidDatasetError(nonRegularMessage('dataset', file, kind, 'point learning.dataset_path or --dataset at a .jsonl file')));
    try {
        const end = options.end ?? (await handle.stat()).size;
        let position = options.start ?? 0;
        let line = options.firstLine ?? 1;
        let carry = Buffer.alloc(0);
        let carryStart = position;
        // Two buffers: the next chunk is read from disk while this one is parsed.
        const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
        let turn = 0;
        const readAt = (pos) => handle.read(buffers[turn], 0, Math.min(CHUNK, end - pos), pos);
        let next = position < end ? readAt(position) : undefined;
        while (next) {
            const buf = buffers[turn];
            const { bytesRead } = await next;
            if (bytesRead === 0)
                break;
            position += bytesRead;
            turn = 1 - turn;
            next = position < end ? readAt(position) : undefined;
            const data = carry.length
                ? Buffer.concat([carry, buf.subarray(0, bytesRead)])
                : buf.subarray(0, bytesRead);
            let lineStart = 0;
            let nl;
            while ((nl = data.indexOf(10, lineStart)) !== -1) {
                const offset = carryStart + lineStart;
                const item = parseLine(data, lineStart, nl, offset, line);
                if (item)
                    yield item;
                lineStart = nl + 1;
                line++;
            }
            const consumed = data.subarray(0, lineStart);
            if (options.hash && consumed.length)
                options.hash.update(consumed);
            carryStart += lineStart;
            if (options.progress) {
                options.progress.offset = carryStart;
                options.progress.nextLine = line;
            }
            // Copy: `buf` is reused by the read after next.
            carry = Buffer.from(data.subarray(lineStart));
        }
    }
    finally {
        await handle.close();
    }
}
function parseLine(data, from, to, offset, line) {
    let stop = to;
    if (stop > from && data[stop - 1] === 13)
        stop--; // tolerate CRLF
    if (stop === from)
        return undefined;
    let text;
    try {
        text = decoder.decode(data.subarray(from, stop));
    }
    catch (err) {
        // TextDecoder throws TypeError on bytes that are not UTF-8; anything else is a line too long for one string.
        const reason = err instanceof TypeError
            ? 'not valid UTF-8'
            : `a line of ${stop - from} bytes, too long to read as one string (${err.message})`;
        return { kind: 'bad', line, offset, reason };
    }
    if (text.trim() === '')
        return undefined;
    const parsed = parseRecordLine(text);
    if (parsed.ok)
        return { kind: 'record', record: parsed.record, line, offset, length: to + 1 - from };
    return { kind: 'bad', line, offset, reason: parsed.reason };
}
//# sourceMappingURL=jsonl-reader.js.map