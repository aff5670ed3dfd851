import { describe, expect, it } from 'vitest';
import { fmix32, fnv1a32, mulAdd32 } from '../../src/learning/dataset/hash.js';
import { isEvalKey } from '../../src/learning/examples/split.js';

describe('hashes and the split', () => {
  it('are stable forever (known values) and differ between the two hashes', () => {
    expect(fnv1a32('')).toBe(fmix32(0x811c9dc5));
    expect(fnv1a32('')).toBe(2872998923);
    // Pinned: a changed hash would move records between the train and eval splits of later runs.
    expect([fnv1a32('task-1'), fnv1a32('task-2'), mulAdd32(''), mulAdd32('task-1')]).toEqual([
      1572795129, 3098389455, 91794203, 1578279140,
    ]);
    expect(fnv1a32('ab')).not.toBe(fnv1a32('ba'));
    expect(mulAdd32('ab')).not.toBe(mulAdd32('ba'));
    expect(mulAdd32('a')).not.toBe(mulAdd32('b'));
    expect(fnv1a32('abc')).not.toBe(fnv1a32('abd'));
    expect(mulAdd32('abc')).not.toBe(mulAdd32('abd'));
    expect(fnv1a32('abc')).not.toBe(mulAdd32('abc'));
  });

  it('puts about eval_fraction of keys in eval, none at 0, all at 1', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `id:${i}`);
    const share = (f: number) => keys.filter((k) => isEvalKey(k, f)).length / keys.length;
    expect(share(0)).toBe(0);
    expect(share(-1)).toBe(0);
    expect(share(1)).toBe(1);
    expect(share(0.2)).toBeGreaterThan(0.17);
    expect(share(0.2)).toBeLessThan(0.23);
    expect(keys.filter((k) => isEvalKey(k, 0.2)).every((k) => isEvalKey(k, 0.5))).toBe(true);
  });
});
