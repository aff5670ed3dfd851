import { constants } from 'node:buffer';
// Not `ignoreBOM`: like the file reader's, a BOM that starts the line is dropped (an editor's BOM on line 1).
const decoder = new TextDecoder('utf-8', { fatal: true });
/**
 * Splits a byte stream (stdin) into lines on \n in bounded memory: only the unfinished line is kept, as the
 * chunks it arrived in (joined once, at its newline), and never more than `maxLineBytes` of it; a longer line
 * is counted, not kept, and comes out as `tooLong`. Bytes are split, not text, so each line can be decoded on
 * its own and one with bytes that are not UTF-8 is refused by number instead of read with replacement characters.
 */
export class LineSplitter {
    maxLineBytes;
    parts = [];
    kept = 0;
    total = 0;
    nextLine = 1;
    constructor(maxLineBytes = constants.MAX_STRING_LENGTH) {
        this.maxLineBytes = maxLineBytes;
    }
    /** The complete lines that `chunk` finishes, in order. */
    *push(chunk) {
        let start = 0;
        let nl;
        while ((nl = chunk.indexOf(10, start)) !== -1) {
            this.take(chunk.subarray(start, nl));
            yield this.finish();
            start = nl + 1;
        }
        if (start < chunk.length)
            this.take(chunk.subarray(start));
    }
    /** At end of input: the last line when it had no newline. */
    end() {
        return this.total > 0 ? this.finish() : undefined;
    }
    /** The number the next line will have. */
    get lineNumber() {
        return this.nextLine;
    }
    /** Bytes of the unfinished line held (or counted) now: 0 when the input stopped at a line end. */
    get unfinishedBytes() {
        return this.total;
    }
    take(bytes) {
        this.total += bytes.length;
        const room = this.maxLineBytes - this.kept;
        if (room <= 0 || !bytes.length)
            return;
        const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
        this.parts.push(part);
        this.kept += part.length;
    }
    finish() {
        const line = this.nextLine++;
        const total = this.total;
        const parts = this.parts;
        this.parts = [];
        this.kept = 0;
        this.total = 0;
        if (total > this.maxLineBytes)
            return { line, tooLong: total };
        return { line, bytes: parts.length === 1 ? parts[0] : Buffer.concat(parts, total) };
    }
}
/**
 * A line's text as the dataset file reader reads it: a CR before the newline is dropped (CRLF files), and bytes
 * that are not UTF-8 are refused rather than replaced.
 */
export function decodeLine(split) {
    if (split.bytes === undefined)
        return { ok: false, reason: `a line of ${split.tooLong} bytes, too long to read as one string` };
    let bytes = split.bytes;
    if (bytes.length && bytes[bytes.length - 1] === 13)
        bytes = bytes.subarray(0, bytes.length - 1);
    try {
        return { ok: true, text: decoder.decode(bytes) };
    }
    catch (err) {
        // TextDecoder throws TypeError on bytes that are not UTF-8; anything else is a line too long for one string.
        return {
            ok: false,
            reason: err instanceof TypeError
                ? 'not valid UTF-8'
                : `a line of ${bytes.length} bytes, too long to read as one string (${err.message})`,
        };
    }
}
//# sourceMappingURL=line-splitter.js.map