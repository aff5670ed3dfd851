import { createHash } from 'node:crypto';
import type { ChatMessage, ToolDefinition } from '../dataset/chat-messages.js';
import { renderTask, show } from './formats.js';
import { isSuccess, type LearningRecord } from '../dataset/record.js';

/**
 * The trajectory form: a record as the conversation an agent has with its model, in trl's tool-calling shape.
 * The plan is an assistant turn whose `tool_calls` are the plan's steps, each executed step answers with a `tool`
 * turn, the summary closes. The trainer puts loss on assistant turns only, so the model practises planning and
 * never predicting tool outputs. The rules for imperfect records are in docs/trajectory.md.
 */

/** SFT: the whole conversation. */
export type TrajectorySft = { messages: ChatMessage[]; tools: ToolDefinition[] };
/** DPO: the shared conversation, and the rest of the success and of the failure from the turn where they part. */
export type TrajectoryPair = {
  prompt: ChatMessage[];
  chosen: ChatMessage[];
  rejected: ChatMessage[];
  tools: ToolDefinition[];
};
/** KTO: the attempt's prompt, the whole attempt after it, and whether it succeeded. */
export type TrajectoryKto = {
  prompt: ChatMessage[];
  completion: ChatMessage[];
  label: boolean;
  tools: ToolDefinition[];
};

export type PlanCall = { step: number; name: string; arguments: Record<string, unknown> };

/** Text a tool turn holds for a planned call that has no execution entry, or an empty one. */
export const NOT_EXECUTED = '(not executed)';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A step's call arguments as one object: named `args`/`kwargs` objects are merged (kwargs win), positional
 * `args` become an `args` list, any other non-null value is kept under its own key.
 */
export function callArguments(step: LearningRecord['plan'][number]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (isPlainObject(step.args)) Object.assign(out, step.args);
  else if (Array.isArray(step.args)) {
    if (step.args.length) out.args = step.args;
  } else if (step.args !== undefined && step.args !== null) out.args = step.args;
  if (isPlainObject(step.kwargs)) Object.assign(out, step.kwargs);
  else if (step.kwargs !== undefined && step.kwargs !== null) out.kwargs = step.kwargs;
  return out;
}

/** The plan's calls in order: a step calls its `tool`, else its `name`; a step with neither is not a call. */
export function planCalls(record: LearningRecord): PlanCall[] {
  const calls: PlanCall[] = [];
  record.plan.forEach((step, i) => {
    const name = step.tool?.trim() || step.name?.trim();
    if (name) calls.push({ step: i, name, arguments: callArguments(step) });
  });
  return calls;
}

/** What the agent was asked: the recorded chat up to its first assistant turn, else goal and context. */
export function promptTurns(record: LearningRecord): ChatMessage[] {
  if (record.messages) {
    const first = record.messages.findIndex((m) => m.role === 'assistant');
    return record.messages.slice(0, first);
  }
  return [{ role: 'user', content: renderTask(record.goal, record.context_summary) }];
}

function planText(record: LearningRecord): string {
  return record.plan
    .map((step) => step.description?.trim())
    .filter((d): d is string => Boolean(d))
    .map((d, i) => `${i + 1}. ${d}`)
    .join('\n');
}

/**
 * The turn the policy controls: the recorded chat's first assistant turn (later ones saw tool outputs, which a
 * preference must not reward guessing), else the plan's descriptions as content and its steps as `tool_calls`.
 */
export function planTurn(record: LearningRecord): ChatMessage {
  if (record.messages) return record.messages.find((m) => m.role === 'assistant')!;
  const calls = planCalls(record);
  const turn: ChatMessage = { role: 'assistant', content: planText(record) };
  if (calls.length)
    turn.tool_calls = calls.map((c) => ({
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
  return turn;
}

/** One `tool` turn per planned call: the output, `error: …` for a failed step, NOT_EXECUTED for one that never ran. */
export function toolTurns(record: LearningRecord): ChatMessage[] {
  return planCalls(record).map((call) => {
    const entry = record.execution[call.step];
    return { role: 'tool', name: call.name, content: toolOutput(entry) };
  });
}

function toolOutput(entry: LearningRecord['execution'][number] | undefined): string {
  const hasError = entry?.error !== undefined && entry.error !== null && show(entry.error) !== '';
  const hasOutput = entry?.output !== undefined && entry.output !== null;
  if (!entry || (entry.success === undefined && !hasError && !hasOutput)) return NOT_EXECUTED;
  if (entry.success === false || hasError)
    return `error: ${show(entry.error) || show(entry.output) || 'failed'}`;
  return show(entry.output) || 'ok';
}

/** The whole conversation: the recorded chat verbatim, else prompt, plan turn, tool turns and the summary. */
export function trajectoryMessages(record: LearningRecord): ChatMessage[] {
  if (record.messages) return record.messages;
  const plan = planTurn(record);
  const summary = record.summary.trim();
  if (!plan.tool_calls) {
    // No call, so no tool turn between them: one assistant turn, not two in a row.
    const content = [plan.content, summary].filter(Boolean).join('\n\n');
    return [...promptTurns(record), { role: 'assistant', content }];
  }
  return [...promptTurns(record), plan, ...toolTurns(record), { role: 'assistant', content: summary }];
}

export function toTrajectorySft(record: LearningRecord, tools: ToolDefinition[]): TrajectorySft {
  return { messages: trajectoryMessages(record), tools: record.tools ?? tools };
}

/**
 * A turn as templates render it (call ids and the spelling of JSON-text arguments left out), as `role:sha256`:
 * short enough for dataset stats to keep per attempt.
 */
function turnSignature(turn: ChatMessage): string {
  const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64');
  if (turn.role !== 'assistant') return `${turn.role}:${digest([turn.name ?? '', turn.content ?? ''])}`;
  const calls = (turn.tool_calls ?? []).map((c) => {
    const args = c.function.arguments;
    let parsed: unknown = args;
    if (typeof args === 'string') {
      try {
        parsed = JSON.parse(args);
      } catch {
        parsed = args;
      }
    }
    return [c.function.name, parsed];
  });
  return `assistant:${digest([(turn.content ?? '').trim(), calls])}`;
}

/**
 * What the attempt did after its prompt, the turns a preference can judge: a recorded chat's turns from its first
 * assistant turn on (tool outputs included, as context), else the plan turn alone.
 */
export function attemptTurns(record: LearningRecord): ChatMessage[] {
  if (!record.messages) return [planTurn(record)];
  const first = record.messages.findIndex((m) => m.role === 'assistant');
  return record.messages.slice(first);
}

/** Each of attemptTurns as a signature: two attempts that differ only in call ids render the same tokens. */
export function attemptSignatures(record: LearningRecord): string[] {
  return attemptTurns(record).map(turnSignature);
}

/** One key per distinct attempt: an attempt repeating one already kept on its side of a goal gives the same rows. */
export function attemptKey(record: LearningRecord): string {
  return attemptSignatures(record).join(',');
}

/**
 * Where two attempts at the same goal part: the first turn after the prompt that differs, when both are assistant
 * turns (the policy chose differently from the same conversation). Undefined when they never differ there, or part
 * at a tool output (the later turns answered different inputs: no choice of the policy to compare).
 */
export function divergence(a: readonly string[], b: readonly string[]): number | undefined {
  const k = a.findIndex((sig, i) => sig !== b[i]);
  if (k < 0 || k >= b.length) return undefined;
  const isAssistant = (sig: string) => sig.startsWith('assistant:');
  return isAssistant(a[k]!) && isAssistant(b[k]!) ? k : undefined;
}

/**
 * What a trajectory DPO pair says, as turn signatures: the whole chosen attempt and the rejected one from where they
 * part. Two pairs with the same key teach the same preference (call ids aside): conversion and stats keep the first.
 */
export function pairKey(chosen: readonly string[], rejected: readonly string[]): string | undefined {
  const k = divergence(chosen, rejected);
  return k === undefined ? undefined : JSON.stringify([chosen, rejected.slice(k)]);
}

/**
 * DPO from the turn where the two attempts part (docs/trajectory.md). The prompt holds what both attempts share:
 * the chosen one's recorded prompt and the turns both took before parting, else the goal, with the context when
 * both saw the same one; chosen and rejected are the rest of each attempt (the trainer's loss covers their
 * assistant turns, never tool outputs). Undefined when no turn of the policy differs from the same conversation.
 */
export function toTrajectoryPair(
  chosen: LearningRecord,
  rejected: LearningRecord,
  tools: ToolDefinition[],
): TrajectoryPair | undefined {
  const k = divergence(attemptSignatures(chosen), attemptSignatures(rejected));
  if (k === undefined) return undefined;
  const shared = chosen.context_summary.trim() === rejected.context_summary.trim();
  const won = attemptTurns(chosen);
  const prompt = chosen.messages
    ? [...promptTurns(chosen), ...won.slice(0, k)]
    : [{ role: 'user' as const, content: renderTask(chosen.goal, shared ? chosen.context_summary : '') }];
  return {
    prompt,
    chosen: won.slice(k),
    rejected: attemptTurns(rejected).slice(k),
    tools: chosen.tools ?? tools,
  };
}

/**
 * The KTO row of one attempt (docs/trajectory.md): the attempt after its prompt, labelled by its outcome — a
 * recorded chat's whole rest (calls, tool outputs, later turns, the answer), else the plan turn. Judged turn by
 * turn, a success's first call was desirable and nothing tied it to the answer after the tool's output: SmolLM2
 * learned to call the calculator until max_steps (BENCHMARKS.md). The trainer scores the attempt's assistant turns
 * only and adds the successes' NLL.
 */
export function toTrajectoryKto(record: LearningRecord, tools: ToolDefinition[]): TrajectoryKto {
  return {
    prompt: promptTurns(record),
    completion: attemptTurns(record),
    label: isSuccess(record),
    tools: record.tools ?? tools,
  };
}
