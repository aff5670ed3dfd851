import { createHash } from 'node:crypto';

/** Deterministic eval membership from a key's hash: the same key always lands on the same side. */
export function isEvalKey(key: string, evalFraction: number): boolean {
  if (evalFraction <= 0) return false;
  const bucket = createHash('sha256').update(key).digest().readUInt32BE(0) / 0x1_0000_0000;
  return bucket < evalFraction;
}
