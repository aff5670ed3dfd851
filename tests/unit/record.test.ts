import { describe, expect, it } from 'vitest';
import {
  isSuccess,
  normalizeGoal,
  parseRecordLine,
  recordKey,
  splitKey,
  RecordSchema,
} from '../../src/learning/dataset/record.js';

const rec = (over: Record<string, unknown>) => RecordSchema.parse({ goal: 'g', summary: 's', ...over });

describe('records', () => {
  it('parseRecordLine refuses non-objects and names the field at fault', () => {
    for (const text of ['[]', 'null', '3', '"x"'])
      expect(parseRecordLine(text)).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(parseRecordLine('{"summary":"s"}')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^goal: /),
    });
    expect(parseRecordLine('{"goal":"g","summary":"s","plan":{}}')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^plan: /),
    });
    expect(parseRecordLine('{"goal":"g","summary":"s"}')).toMatchObject({ ok: true, record: { goal: 'g' } });
  });

  it('isSuccess: the flag wins; else every step ok, and no steps is not a success', () => {
    expect(isSuccess(rec({ success: false, execution: [{ success: true }] }))).toBe(false);
    expect(isSuccess(rec({ success: true, execution: [{ success: false }] }))).toBe(true);
    expect(isSuccess(rec({}))).toBe(false);
    expect(isSuccess(rec({ execution: [{ success: true }, { output: 'x' }] }))).toBe(true);
    expect(isSuccess(rec({ execution: [{ success: true }, { success: false }] }))).toBe(false);
    expect(isSuccess(rec({ execution: [{ success: true }, { error: 'boom' }] }))).toBe(false);
  });

  it('recordKey: the task_id when present (0 included), else a content hash that ignores unknown fields', () => {
    expect(recordKey(rec({ task_id: 0 }))).toBe('id:0');
    expect(recordKey(rec({ task_id: 'a' }))).toBe('id:a');
    const a = recordKey(rec({ extra: 1 }));
    expect(a).toMatch(/^sha:[0-9a-f]{32}$/);
    expect(recordKey(rec({ extra: 2 }))).toBe(a);
    expect(recordKey(rec({ summary: 't' }))).not.toBe(a);
    expect(recordKey(rec({ plan: [{ name: 'p' }] }))).not.toBe(a);
  });

  it('attempts after the first at a task are records of their own, split with their task', () => {
    expect(recordKey(rec({ task_id: 'a', attempt: 0 }))).toBe('id:a');
    expect(recordKey(rec({ task_id: 'a', attempt: 2 }))).toBe('attempt:2:a');
    // A task id that looks like an attempt key never meets one.
    expect(recordKey(rec({ task_id: 'attempt:2:a' }))).toBe('id:attempt:2:a');
    // An agent's own `attempt` of another kind changes nothing: the key it always had.
    for (const attempt of ['2', 1.5, -1, true])
      expect(recordKey(rec({ task_id: 'a', attempt }))).toBe('id:a');
    expect(splitKey(rec({ task_id: 'a', attempt: 2 }))).toBe('id:a');
    expect(splitKey(rec({ extra: 1 }))).toBe(recordKey(rec({ extra: 1 })));
  });

  it('normalizeGoal folds case, width and runs of whitespace', () => {
    expect(normalizeGoal('  Deploy\t\tTHE  app\n')).toBe('deploy the app');
    expect(normalizeGoal('ＡＢＣ')).toBe('abc');
  });
});
