import type { Hash } from 'node:crypto';
import { type LearningRecord } from './record.js';
export type ReadItem = {
    kind: 'record';
    record: LearningRecord;
    line: number;
    offset: number;
    length: number;
} | {
    kind: 'bad';
    line: number;
    offset: number;
    reason: string;
};
export type ReadOptions = {
    /** Byte offset to start at; must be the start of a line. */
    start?: number;
    /** Line number of the line at `start` (1-based). */
    firstLine?: number;
    /** Stop before this byte offset (exclusive); default: end of file. */
    end?: number;
    /** Receives every byte of the complete lines read, e.g. to hash a snapshot. */
    hash?: Hash;
    /** Where the reader reports how far it got: the offset after the last complete line. */
    progress?: {
        offset: number;
        nextLine: number;
    };
};
/**
 * Streams records with their line number and byte offset in constant memory (one chunk plus the longest line).
 * A trailing line without its newline is a writer mid-append: neither a record nor an error, and not consumed.
 * Empty lines are skipped silently; every other line is a record or a reported bad line.
 */
export declare function readRecords(file: string, options?: ReadOptions): AsyncGenerator<ReadItem>;
