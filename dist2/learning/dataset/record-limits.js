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
export const MAX_RECORD_DEPTH = 64;
/** Longest path shown in a reason, and longest key in it; longer ones are cut with an ellipsis. */
const MAX_PATH_CHARS = 120;
const MAX_KEY_CHARS = 40;
// Without the u flag a regex sees UTF-16 code units: a high surrogate not followed by a low one, or a low one
// not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/**
 * The first limit a parsed record breaks, as `path: reason`, or null. Walks the value once and never deeper
 * than MAX_RECORD_DEPTH + 1, so a record of any depth cannot overflow the stack here. Only arrays and plain
 * objects are entered (anything else is jsonProblem's to name), and a cycle is left for jsonProblem too.
 */
export function recordLimitProblem(value, options = {}) {
    const numbers = options.numbers ?? true;
    const path = [];
    const ancestors = new Set();
    const visit = (v, depth) => {
        if (typeof v === 'string') {
            const bad = surrogateProblem(v);
            return bad && `${where(path)}: ${bad}`;
        }
        if (typeof v === 'number') {
            return numbers && !Number.isFinite(v)
                ? `${where(path)}: number ${v} is not finite (a literal such as 1e999 overflows a 64-bit float); write a finite number or a string`
                : null;
        }
        if (typeof v !== 'object' || v === null || ancestors.has(v))
            return null;
        const isArray = Array.isArray(v);
        if (!isArray && !isPlainObject(v))
            return null;
        if (depth > MAX_RECORD_DEPTH) {
            return `${where(path)}: nested more than ${MAX_RECORD_DEPTH} levels deep (objects and arrays): the trainer's JSON reader (Arrow) stops at ${MAX_RECORD_DEPTH}; flatten it or store it as a JSON string`;
        }
        ancestors.add(v);
        try {
            if (isArray) {
                for (let i = 0; i < v.length; i++) {
                    path.push(String(i));
                    const problem = visit(v[i], depth + 1);
                    path.pop();
                    if (problem)
                        return problem;
                }
                return null;
            }
            const object = v;
            for (const key of Object.keys(object)) {
                const bad = surrogateProblem(key);
                if (bad)
                    return `${where(path)}: key "${escapeLoneSurrogates(key)}": ${bad}`;
                path.push(key);
                const problem = visit(object[key], depth + 1);
                path.pop();
                if (problem)
                    return problem;
            }
            return null;
        }
        finally {
            ancestors.delete(v);
        }
    };
    return visit(value, 1);
}
/** Where a lone surrogate sits in `text` (1-based, counting characters), or null when it is valid Unicode. */
function surrogateProblem(text) {
    if (text.isWellFormed())
        return null;
    LONE_SURROGATE.lastIndex = 0;
    const match = LONE_SURROGATE.exec(text);
    // Everything before the first lone surrogate is well formed, so spreading it counts code points.
    const character = [...text.slice(0, match.index)].length + 1;
    return `lone UTF-16 surrogate ${escapeLoneSurrogates(match[0])} at character ${character}: text that is not valid Unicode; re-encode it`;
}
function escapeLoneSurrogates(text) {
    return text.replace(LONE_SURROGATE, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
function isPlainObject(value) {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}
function where(path) {
    if (!path.length)
        return 'record';
    const parts = path.map((key) => (key.length > MAX_KEY_CHARS ? `${key.slice(0, MAX_KEY_CHARS)}…` : key));
    const joined = parts.join('.');
    if (joined.length <= MAX_PATH_CHARS)
        return joined;
    // Too long (a deep path): its first segments, an ellipsis, and the key where the problem is.
    const head = [];
    let length = 0;
    for (const part of parts.slice(0, -1)) {
        if (length + part.length + 1 > MAX_PATH_CHARS)
            break;
        head.push(part);
        length += part.length + 1;
    }
    return [...head, '…', parts.at(-1)].join('.');
}
//# sourceMappingURL=record-limits.js.map