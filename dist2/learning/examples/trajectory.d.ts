import type { ChatMessage, ToolDefinition } from '../dataset/chat-messages.js';
import { type LearningRecord } from '../dataset/record.js';
/**
 * The trajectory form: a record as the conversation an agent has with its model, in trl's tool-calling shape.
 * The plan is an assistant turn whose `tool_calls` are the plan's steps, each executed step answers with a `tool`
 * turn, the summary closes. The trainer puts loss on assistant turns only, so the model practises planning and
 * never predicting tool outputs. The rules for imperfect records are in docs/trajectory.md.
 */
/** SFT: the whole conversation. */
export type TrajectorySft = {
    messages: ChatMessage[];
    tools: ToolDefinition[];
};
/** DPO: the shared conversation, and the success's and the failure's turn where they part. */
export type TrajectoryPair = {
    prompt: ChatMessage[];
    chosen: ChatMessage[];
    rejected: ChatMessage[];
    tools: ToolDefinition[];
};
/** KTO: the conversation before an assistant turn, that turn, and whether the attempt succeeded. */
export type TrajectoryKto = {
    prompt: ChatMessage[];
    completion: ChatMessage[];
    label: boolean;
    tools: ToolDefinition[];
};
export type PlanCall = {
    step: number;
    name: string;
    arguments: Record<string, unknown>;
};
/** Text a tool turn holds for a planned call that has no execution entry, or an empty one. */
export declare const NOT_EXECUTED = "(not executed)";
/**
 * A step's call arguments as one object: named `args`/`kwargs` objects are merged (kwargs win), positional
 * `args` become an `args` list, any other non-null value is kept under its own key.
 */
export declare function callArguments(step: LearningRecord['plan'][number]): Record<string, unknown>;
/** The plan's calls in order: a step calls its `tool`, else its `name`; a step with neither is not a call. */
export declare function planCalls(record: LearningRecord): PlanCall[];
/** What the agent was asked: the recorded chat up to its first assistant turn, else goal and context. */
export declare function promptTurns(record: LearningRecord): ChatMessage[];
/**
 * The turn the policy controls: the recorded chat's first assistant turn (later ones saw tool outputs, which a
 * preference must not reward guessing), else the plan's descriptions as content and its steps as `tool_calls`.
 */
export declare function planTurn(record: LearningRecord): ChatMessage;
/** One `tool` turn per planned call: the output, `error: …` for a failed step, NOT_EXECUTED for one that never ran. */
export declare function toolTurns(record: LearningRecord): ChatMessage[];
/** The whole conversation: the recorded chat verbatim, else prompt, plan turn, tool turns and the summary. */
export declare function trajectoryMessages(record: LearningRecord): ChatMessage[];
export declare function toTrajectorySft(record: LearningRecord, tools: ToolDefinition[]): TrajectorySft;
/**
 * What the attempt did after its prompt, the turns a preference can judge: a recorded chat's turns from its first
 * assistant turn on (tool outputs included, as context), else the plan turn alone.
 */
export declare function attemptTurns(record: LearningRecord): ChatMessage[];
/** Each of attemptTurns as a signature: two attempts that differ only in call ids render the same tokens. */
export declare function attemptSignatures(record: LearningRecord): string[];
/** One key per distinct attempt: an attempt repeating one already kept on its side of a goal gives the same rows. */
export declare function attemptKey(record: LearningRecord): string;
/**
 * Where two attempts at the same goal part: the first turn after the prompt that differs, when both are assistant
 * turns (the policy chose differently from the same conversation). Undefined when they never differ there, or part
 * at a tool output (the later turns answered different inputs: no choice of the policy to compare).
 */
export declare function divergence(a: readonly string[], b: readonly string[]): number | undefined;
/**
 * DPO over the turn where the two attempts part (docs/trajectory.md). The prompt holds what both attempts share:
 * the chosen one's recorded prompt and the turns both took before parting, else the goal, with the context when
 * both saw the same one. Undefined when no turn of the policy differs from the same conversation.
 */
export declare function toTrajectoryPair(chosen: LearningRecord, rejected: LearningRecord, tools: ToolDefinition[]): TrajectoryPair | undefined;
/**
 * KTO rows of one attempt (docs/trajectory.md): a success's every assistant turn is desirable, each after the
 * conversation before it; a failure's last assistant turn — the one it ended on — is undesirable. Its earlier turns
 * are left out: a failure often starts as successes do (the same first call), and labelling that turn undesirable
 * taught SmolLM2 to call the calculator until max_steps and never answer (BENCHMARKS.md).
 */
export declare function toTrajectoryKto(record: LearningRecord, tools: ToolDefinition[]): TrajectoryKto[];
/** The attempt turns KTO judges, as indexes into attemptTurns (roles in order): see toTrajectoryKto. */
export declare function judgedTurns(roles: readonly string[], success: boolean): number[];
