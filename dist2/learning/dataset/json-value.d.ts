/**
 * Where a value stops being JSON, or null when it round-trips: JSON.stringify silently drops functions and
 * undefined list items, turns NaN into null, and throws on BigInt and cycles — a record written that way would
 * not be the record the agent meant (a plan step's arguments are the usual culprit).
 */
export declare function jsonProblem(value: unknown, at?: string, seen?: Set<object>): string | null;
