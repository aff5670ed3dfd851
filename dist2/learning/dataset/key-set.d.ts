/**
 * A set of string keys stored as 64-bit hashes in typed arrays: ~16 bytes a key instead of a JS string and a
 * Set entry (~100 bytes), so deduplicating a million records costs megabytes. Two distinct keys share a
 * hash with probability ~n²/2⁶⁵ (5·10⁻⁸ at a million keys); the cost of such a collision is one record
 * counted as a duplicate.
 */
export declare class KeySet {
    private hi;
    private lo;
    private used;
    private count;
    get size(): number;
    /** Adds `key`; returns false when it was already present. */
    add(key: string): boolean;
    private insert;
    private grow;
}
