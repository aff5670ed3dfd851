import { z } from 'zod';
export declare const PlanStepSchema: z.ZodObject<{
    name: z.ZodOptional<z.ZodString>;
    tool: z.ZodOptional<z.ZodString>;
    description: z.ZodOptional<z.ZodString>;
    args: z.ZodOptional<z.ZodUnknown>;
    kwargs: z.ZodOptional<z.ZodUnknown>;
}, z.core.$loose>;
export declare const ExecutionStepSchema: z.ZodObject<{
    success: z.ZodOptional<z.ZodBoolean>;
    output: z.ZodOptional<z.ZodUnknown>;
    error: z.ZodOptional<z.ZodUnknown>;
}, z.core.$loose>;
/** One agent execution, one JSONL line. Unknown fields are kept so that nothing the agent wrote is lost. */
export declare const RecordSchema: z.ZodObject<{
    goal: z.ZodString;
    context_summary: z.ZodDefault<z.ZodString>;
    plan: z.ZodDefault<z.ZodArray<z.ZodObject<{
        name: z.ZodOptional<z.ZodString>;
        tool: z.ZodOptional<z.ZodString>;
        description: z.ZodOptional<z.ZodString>;
        args: z.ZodOptional<z.ZodUnknown>;
        kwargs: z.ZodOptional<z.ZodUnknown>;
    }, z.core.$loose>>>;
    execution: z.ZodDefault<z.ZodArray<z.ZodObject<{
        success: z.ZodOptional<z.ZodBoolean>;
        output: z.ZodOptional<z.ZodUnknown>;
        error: z.ZodOptional<z.ZodUnknown>;
    }, z.core.$loose>>>;
    summary: z.ZodString;
    task_id: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
    success: z.ZodOptional<z.ZodBoolean>;
    timestamp: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
    messages: z.ZodOptional<z.ZodArray<z.ZodObject<{
        role: z.ZodEnum<{
            system: "system";
            user: "user";
            assistant: "assistant";
            tool: "tool";
        }>;
        content: z.ZodOptional<z.ZodNullable<z.ZodString>>;
        tool_calls: z.ZodOptional<z.ZodArray<z.ZodObject<{
            id: z.ZodOptional<z.ZodString>;
            type: z.ZodOptional<z.ZodLiteral<"function">>;
            function: z.ZodObject<{
                name: z.ZodString;
                arguments: z.ZodUnion<readonly [z.ZodRecord<z.ZodString, z.ZodUnknown>, z.ZodString]>;
            }, z.core.$loose>;
        }, z.core.$loose>>>;
        tool_call_id: z.ZodOptional<z.ZodString>;
        name: z.ZodOptional<z.ZodString>;
    }, z.core.$loose>>>;
    tools: z.ZodOptional<z.ZodArray<z.ZodObject<{
        type: z.ZodLiteral<"function">;
        function: z.ZodObject<{
            name: z.ZodString;
            description: z.ZodOptional<z.ZodString>;
            parameters: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
        }, z.core.$loose>;
    }, z.core.$loose>>>;
}, z.core.$loose>;
export type LearningRecord = z.infer<typeof RecordSchema>;
export type RecordInput = z.input<typeof RecordSchema>;
export type ParsedLine = {
    ok: true;
    record: LearningRecord;
} | {
    ok: false;
    reason: string;
};
/** Parses one line's text (without its newline) into a record or a reason it is not one. */
export declare function parseRecordLine(text: string): ParsedLine;
/** Whether the execution succeeded: the explicit flag, else every step succeeded. */
export declare function isSuccess(record: LearningRecord): boolean;
/** Stable identity for dedupe and the train/eval split: the task_id, else a hash of the record's content. */
export declare function recordKey(record: LearningRecord): string;
export declare function normalizeGoal(goal: string): string;
