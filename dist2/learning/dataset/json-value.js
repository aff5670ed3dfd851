/**
 * Where a value stops being JSON, or null when it round-trips: JSON.stringify silently drops functions and
 * undefined list items, turns NaN into null, and throws on BigInt and cycles — a record written that way would
 * not be the record the agent meant (a plan step's arguments are the usual culprit).
 */
export function jsonProblem(value, at = 'record', seen = new Set()) {
    if (value === null || typeof value === 'string' || typeof value === 'boolean')
        return null;
    if (typeof value === 'number')
        return Number.isFinite(value) ? null : `${at} is ${value}, which JSON cannot hold`;
    if (typeof value !== 'object')
        return `${at} is a ${typeof value}, which JSON cannot hold`;
    if (value instanceof Date)
        return null;
    if (seen.has(value))
        return `${at} refers back to itself (a cycle), which JSON cannot hold`;
    const proto = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null)
        return `${at} is a ${value.constructor?.name ?? 'non-plain object'}, not a plain object: JSON would lose its contents`;
    seen.add(value);
    try {
        if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) {
                const problem = value[i] === undefined ? `${at}.${i} is undefined` : jsonProblem(value[i], `${at}.${i}`, seen);
                if (problem)
                    return problem;
            }
            return null;
        }
        for (const [key, item] of Object.entries(value)) {
            // An undefined property is an absent one, as JSON writes it.
            const problem = item === undefined ? null : jsonProblem(item, `${at}.${key}`, seen);
            if (problem)
                return problem;
        }
        return null;
    }
    finally {
        seen.delete(value);
    }
}
//# sourceMappingURL=json-value.js.map