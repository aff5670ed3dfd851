/** murmur3's fmix32: spreads every input bit over the output (FNV's low bits alone mix poorly). */
export function fmix32(h) {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}
/** FNV-1a over UTF-16 code units, finished with fmix32. Stable forever: splits depend on it. */
export function fnv1a32(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++)
        h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return fmix32(h);
}
/** A second, structurally different 32-bit hash (multiply-add with murmur2's constant), for 64-bit fingerprints. */
export function mulAdd32(text) {
    let h = 0x050c5d1f;
    for (let i = 0; i < text.length; i++)
        h = (Math.imul(h, 0x5bd1e995) + text.charCodeAt(i)) | 0;
    return fmix32(h);
}
//# sourceMappingURL=hash.js.map