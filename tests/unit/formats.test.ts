import { describe, expect, it } from 'vitest';
import { toDpoPair, toKtoExample, toSftExample } from '../../src/learning/examples/formats.js';
import { RecordSchema, isSuccess } from '../../src/learning/dataset/record.js';

const record = (over: Record<string, unknown>) =>
  RecordSchema.parse({
    goal: 'Find why the nightly build failed',
    context_summary: 'Area: ci',
    plan: [
      {
        name: 'fetch',
        tool: 'fetch_build_log',
        description: 'get the log',
        args: ['nightly'],
        kwargs: { tail: 100 },
      },
    ],
    execution: [{ success: true, output: 'log: OOM in step 3', error: null }],
    summary: 'The build ran out of memory in step 3.',
    ...over,
  });

describe('SFT format', () => {
  it("is trl's conversational messages form: user = goal/context/plan/execution, assistant = summary", () => {
    const ex = toSftExample(record({}));
    expect(ex.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(ex.messages[0]!.content).toContain('Goal: Find why the nightly build failed');
    expect(ex.messages[0]!.content).toContain('Context: Area: ci');
    expect(ex.messages[0]!.content).toContain(
      '1. fetch (fetch_build_log): get the log args=["nightly"] {"tail":100}',
    );
    expect(ex.messages[0]!.content).toContain('ok: log: OOM in step 3');
    expect(ex.messages[1]!.content).toBe('The build ran out of memory in step 3.');
  });
});

describe('DPO format', () => {
  const win = record({ task_id: 'w' });
  const loss = record({
    task_id: 'l',
    execution: [{ success: false, error: 'timeout fetching log' }],
    summary: 'Gave up after a timeout.',
  });

  it('prefers the success and keeps both executions out of the prompt', () => {
    const pair = toDpoPair(win, loss);
    const prompt = pair.prompt.map((m) => m.content).join('\n');
    expect(prompt).toBe('Goal: Find why the nightly build failed\nContext: Area: ci');
    expect(prompt).not.toContain('OOM');
    expect(prompt).not.toContain('timeout');
    expect(pair.chosen[0]!.content).toContain('OOM in step 3');
    expect(pair.rejected[0]!.content).toContain('failed: timeout fetching log');
  });

  it('moves the context into each side when the two sides saw different contexts', () => {
    const other = record({ ...loss, context_summary: 'Area: ci, night shift' });
    const pair = toDpoPair(win, other);
    expect(pair.prompt[0]!.content).toBe('Goal: Find why the nightly build failed');
    expect(pair.rejected[0]!.content).toContain('Context: Area: ci, night shift');
  });

  it('decides success from the flag, else from every step', () => {
    expect(isSuccess(win)).toBe(true);
    expect(isSuccess(loss)).toBe(false);
    expect(isSuccess(record({ success: false }))).toBe(false);
  });
});

const rec2 = (over: Record<string, unknown>) => RecordSchema.parse({ goal: 'g', summary: 's', ...over });

describe('formats', () => {
  const record = rec2({
    goal: ' Fix the build ',
    context_summary: 'CI red',
    plan: [{ name: 'fetch', tool: 'ci', description: 'get the log', args: ['x'], kwargs: { v: true } }, {}],
    execution: [{ success: true, output: 'log' }, { success: false, error: 'timeout' }, { output: { n: 1 } }],
    summary: ' Done ',
  });

  it('SFT: the user turn is task, plan and execution; the assistant turn the summary', () => {
    expect(toSftExample(record)).toEqual({
      messages: [
        {
          role: 'user',
          content:
            'Goal: Fix the build\nContext: CI red\n\nPlan:\n1. fetch (ci): get the log args=["x"] {"v":true}\n2. step 2\n\n' +
            'Execution:\n1. ok: log\n2. failed: timeout\n3. ok: {"n":1}',
        },
        { role: 'assistant', content: 'Done' },
      ],
    });
    expect(toSftExample(rec2({})).messages[0]!.content).toBe('Goal: g\n\nPlan: (none)\n\nExecution: (none)');
  });

  it('DPO: the shared context goes in the prompt only when both saw it; KTO keeps it in the prompt', () => {
    const other = rec2({ goal: 'Fix the build', context_summary: 'CI green', summary: 'nope' });
    const pair = toDpoPair(record, other);
    expect(pair.prompt).toEqual([{ role: 'user', content: 'Goal: Fix the build' }]);
    expect(pair.chosen[0]!.content).toMatch(/^Context: CI red\n\nPlan:/);
    expect(pair.rejected[0]!.content).toBe(
      'Context: CI green\n\nPlan: (none)\n\nExecution: (none)\n\nSummary: nope',
    );
    const same = toDpoPair(
      record,
      rec2({ goal: 'Fix the build', context_summary: ' CI red', summary: 'no' }),
    );
    expect(same.prompt[0]!.content).toBe('Goal: Fix the build\nContext: CI red');
    expect(same.chosen[0]!.content).toMatch(/^Plan:\n/);
    expect(same.chosen[0]!.content).toMatch(/\n\nSummary: Done$/);
    expect(toKtoExample(record)).toMatchObject({
      prompt: [{ role: 'user', content: 'Goal: Fix the build\nContext: CI red' }],
      completion: [{ role: 'assistant', content: expect.stringMatching(/^Plan:\n.*\n\nSummary: Done$/s) }],
      label: false,
    });
  });
});
