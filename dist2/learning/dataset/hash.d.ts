/** murmur3's fmix32: spreads every input bit over the output (FNV's low bits alone mix poorly). */
export declare function fmix32(h: number): number;
/** FNV-1a over UTF-16 code units, finished with fmix32. Stable forever: splits depend on it. */
export declare function fnv1a32(text: string): number;
/** A second, structurally different 32-bit hash (multiply-add with murmur2's constant), for 64-bit fingerprints. */
export declare function mulAdd32(text: string): number;
