/** One line of a byte stream, its newline removed: its bytes, or only its length when it was too long to keep. */
export type SplitLine = {
    line: number;
    bytes: Buffer;
    tooLong?: undefined;
} | {
    line: number;
    bytes?: undefined;
    tooLong: number;
};
/** A line's text, or why it cannot be read: the same reasons the dataset file reader (jsonl-reader.ts) gives. */
export type DecodedLine = {
    ok: true;
    text: string;
} | {
    ok: false;
    reason: string;
};
/**
 * Splits a byte stream (stdin) into lines on \n in bounded memory: only the unfinished line is kept, as the
 * chunks it arrived in (joined once, at its newline), and never more than `maxLineBytes` of it; a longer line
 * is counted, not kept, and comes out as `tooLong`. Bytes are split, not text, so each line can be decoded on
 * its own and one with bytes that are not UTF-8 is refused by number instead of read with replacement characters.
 */
export declare class LineSplitter {
    private readonly maxLineBytes;
    private parts;
    private kept;
    private total;
    private nextLine;
    constructor(maxLineBytes?: number);
    /** The complete lines that `chunk` finishes, in order. */
    push(chunk: Buffer): Generator<SplitLine>;
    /** At end of input: the last line when it had no newline. */
    end(): SplitLine | undefined;
    /** The number the next line will have. */
    get lineNumber(): number;
    /** Bytes of the unfinished line held (or counted) now: 0 when the input stopped at a line end. */
    get unfinishedBytes(): number;
    private take;
    private finish;
}
/**
 * A line's text as the dataset file reader reads it: a CR before the newline is dropped (CRLF files), and bytes
 * that are not UTF-8 are refused rather than replaced.
 */
export declare function decodeLine(split: SplitLine): DecodedLine;
