import { describe, expect, it } from 'vitest';
import {
  isSuccess,
  normalizeGoal,
  parseRecordLine,
  recordKey,
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

  it('normalizeGoal folds case, width and runs of whitespace', () => {
    expect(normalizeGoal('  Deploy\t\tTHE  app\n')).toBe('deploy the app');
    expect(normalizeGoal('ＡＢＣ')).toBe('abc');
  });
});
