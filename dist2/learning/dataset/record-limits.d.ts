/**
 * The limits a record must keep so that every later stage can read it, checked once on the parsed value: a line
 * that passes is one conversion, pyarrow and the tokenizer accept; one that does not is a bad line with a
 * reason, at validation, append, conversion and LearningPipeline.addExample alike.
 */
/**
 * The deepest nesting of objects and arrays a record may have, the record itself being level 1.
 * Arrow's JSON reader (pyarrow.json, which `datasets.load_dataset("json")` uses) refuses a row nested 65
 * levels deep ("Max recursion depth reached"; 64 reads, as measured with the trainer's pyarrow); Python's json
 * gives up near its recursion limit (1000) and JSON.stringify overflows the stack in the thousands. 64 is the
 * tightest of these, and no agent's plan or chat needs more.
 */
export declare const MAX_RECORD_DEPTH = 64;
export type RecordLimitOptions = {
    /**
     * Check that numbers are finite (default). LearningPipeline.addExample leaves that to jsonProblem, which
     * also catches NaN, BigInt and the rest; JSON.parse yields Infinity for a literal such as 1e999.
     */
    numbers?: boolean;
};
/**
 * The first limit a parsed record breaks, as `path: reason`, or null. Walks the value once and never deeper
 * than MAX_RECORD_DEPTH + 1, so a record of any depth cannot overflow the stack here. Only arrays and plain
 * objects are entered (anything else is jsonProblem's to name), and a cycle is left for jsonProblem too.
 */
export declare function recordLimitProblem(value: unknown, options?: RecordLimitOptions): string | null;
