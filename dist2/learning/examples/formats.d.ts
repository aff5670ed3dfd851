import { isSuccess, type LearningRecord } from '../dataset/record.js';
export type ChatMessage = {
    role: 'system' | 'user' | 'assistant';
    content: string;
};
/** trl's conversational SFT form. */
export type SftExample = {
    messages: ChatMessage[];
};
/** trl's conversational preference form. */
export type DpoPair = {
    prompt: ChatMessage[];
    chosen: ChatMessage[];
    rejected: ChatMessage[];
};
/** trl's conversational unpaired preference form (KTO): one attempt and whether it succeeded. */
export type KtoExample = {
    prompt: ChatMessage[];
    completion: ChatMessage[];
    label: boolean;
};
/** A recorded value as text: strings as they are, anything else as JSON. */
export declare function show(value: unknown): string;
/** The user turn both forms share: the goal, and the context when there is one. */
export declare function renderTask(goal: string, context: string): string;
/** SFT: the user turn is what the agent saw and did, the assistant turn is the verifier's summary. */
export declare function toSftExample(record: LearningRecord): SftExample;
/**
 * DPO: a success is preferred over a failure of the same goal. The prompt holds only what both share
 * (the goal, and the context when both saw the same one) so neither side's execution leaks into it.
 */
export declare function toDpoPair(chosen: LearningRecord, rejected: LearningRecord): DpoPair;
/**
 * KTO: the prompt is what the agent was asked (goal and context), the completion is the whole attempt (plan,
 * execution, summary), the label is whether it succeeded — every labelled record counts, no pair needed.
 */
export declare function toKtoExample(record: LearningRecord): KtoExample;
export { isSuccess };
