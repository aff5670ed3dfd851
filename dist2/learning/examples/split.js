import { fnv1a32 } from '../dataset/hash.js';
/**
 * Deterministic eval membership from a key's hash: the same key always lands on the same side.
 * The hash must never change, or records would move between splits from one run to the next.
 */
export function isEvalKey(key, evalFraction) {
    if (evalFraction <= 0)
        return false;
    return fnv1a32(key) / 0x1_0000_0000 < evalFraction;
}
//# sourceMappingURL=split.js.map