import { describe, expect, it } from 'vitest';
import { ProgressDisplay } from '../../src/cli/progress-display.js';
import { initialProgress } from '../../src/workflows/definitions.js';

describe('ProgressDisplay', () => {
  it('says once, on its own line, why training is not on a GPU, and keeps the bar short', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const display = new ProgressDisplay(stream);
    const note = 'training on the CPU: no CUDA device found';
    for (const step of [1, 2]) {
      display.update({ ...initialProgress('training'), step, total_steps: 4, loss: 1.5, device_note: note });
    }
    expect(written).toEqual([
      `warning: ${note}\n`,
      'training [######------------------] 1/4 loss 1.5000\n',
      'training [############------------] 2/4 loss 1.5000\n',
    ]);
  });
});
