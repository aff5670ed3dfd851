/** FNV-1a, 32-bit: cheap and stable. The split must never change for a key, so this function must not either. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32): FNV's low bits alone are poorly mixed for similar keys.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Deterministic eval membership from a key's hash: the same key always lands on the same side. */
export function isEvalKey(key: string, evalFraction: number): boolean {
  if (evalFraction <= 0) return false;
  return fnv1a(key) / 0x1_0000_0000 < evalFraction;
}
