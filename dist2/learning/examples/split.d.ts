/**
 * Deterministic eval membership from a key's hash: the same key always lands on the same side.
 * The hash must never change, or records would move between splits from one run to the next.
 */
export declare function isEvalKey(key: string, evalFraction: number): boolean;
