import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ChatMessagesSchema, ToolDefinitionsSchema } from './chat-messages.js';
import { recordLimitProblem } from './record-limits.js';

export const PlanStepSchema = z.looseObject({
  name: z.string().optional(),
  tool: z.string().optional(),
  description: z.string().optional(),
  args: z.unknown().optional(),
  kwargs: z.unknown().optional(),
});

export const ExecutionStepSchema = z.looseObject({
  success: z.boolean().optional(),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
});

/** One agent execution, one JSONL line. Unknown fields are kept so that nothing the agent wrote is lost. */
export const RecordSchema = z.looseObject({
  goal: z.string().trim().min(1, 'goal must be a non-empty string'),
  context_summary: z.string().default(''),
  plan: z.array(PlanStepSchema).default([]),
  execution: z.array(ExecutionStepSchema).default([]),
  summary: z.string().trim().min(1, 'summary must be a non-empty string'),
  task_id: z.union([z.string().min(1), z.number()]).optional(),
  success: z.boolean().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  /** The chat the agent really had with its model; the trajectory form uses it verbatim. */
  messages: ChatMessagesSchema.optional(),
  /** The tools that chat offered (JSON-schema function definitions). */
  tools: ToolDefinitionsSchema.optional(),
});

export type LearningRecord = z.infer<typeof RecordSchema>;
export type RecordInput = z.input<typeof RecordSchema>;

export type ParsedLine = { ok: true; record: LearningRecord } | { ok: false; reason: string };

/** Parses one line's text (without its newline) into a record or a reason it is not one. */
export function parseRecordLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${(err as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  // Before the schema: a line too deep, not valid Unicode or with a number JSON.parse made Infinity is one
  // that conversion, pyarrow or the tokenizer would choke on.
  const limit = recordLimitProblem(value);
  if (limit) return { ok: false, reason: limit };
  const parsed = RecordSchema.safeParse(value);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0]!;
  const at = issue.path.length ? issue.path.join('.') : 'record';
  return { ok: false, reason: `${at}: ${issue.message}` };
}

/** Whether the execution succeeded: the explicit flag, else every step succeeded. */
export function isSuccess(record: LearningRecord): boolean {
  if (typeof record.success === 'boolean') return record.success;
  return (
    record.execution.length > 0 && record.execution.every((step) => step.success !== false && !step.error)
  );
}

/**
 * Stable identity for dedupe: the task_id (with the attempt, for attempts after the first at one task), else a
 * hash of the record's content. `attempt` counts only as a whole number above 0: a record written before attempts
 * existed, or an agent's own `attempt` field of another type, keeps the key it always had.
 */
export function recordKey(record: LearningRecord): string {
  if (record.task_id !== undefined) {
    const attempt = record.attempt;
    return typeof attempt === 'number' && Number.isInteger(attempt) && attempt > 0
      ? `attempt:${attempt}:${record.task_id}` // never an `id:` key, whatever the task id holds
      : `id:${record.task_id}`;
  }
  return contentKey(record);
}

/** What decides a record's side of the train/eval split: its task (every attempt at it on one side). */
export function splitKey(record: LearningRecord): string {
  return record.task_id !== undefined ? `id:${record.task_id}` : contentKey(record);
}

function contentKey(record: LearningRecord): string {
  return (
    'sha:' +
    createHash('sha256')
      .update(
        JSON.stringify(
          // A recorded chat is part of what happened; records without one keep the key they always had.
          record.messages === undefined
            ? [record.goal, record.context_summary, record.summary, record.plan, record.execution]
            : [
                record.goal,
                record.context_summary,
                record.summary,
                record.plan,
                record.execution,
                record.messages,
              ],
        ),
      )
      .digest('hex')
      .slice(0, 32)
  );
}

export function normalizeGoal(goal: string): string {
  return goal.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
