import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/cli/sparkline.js';

describe('sparkline', () => {
  it('draws a falling loss as falling bars, lowest ▁ and highest █', () => {
    expect(sparkline([8, 7, 6, 5, 4, 3, 2, 1])).toBe('█▇▆▅▄▃▂▁');
  });

  it('averages long series down to the width, and draws a flat one flat', () => {
    const drawn = sparkline(
      Array.from({ length: 1000 }, (_, i) => 1000 - i),
      40,
    );
    expect(drawn).toHaveLength(40);
    expect(drawn[0]).toBe('█');
    expect(drawn.at(-1)).toBe('▁');
    expect(sparkline([2, 2, 2])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
    expect(sparkline([NaN, 1, Infinity, 3])).toBe('▁█');
  });
});
