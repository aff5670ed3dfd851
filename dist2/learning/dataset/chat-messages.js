import { z } from 'zod';
/**
 * The OpenAI-style chat an agent may record verbatim (`messages`, `tools`): trl's conversational tool-calling
 * shape. Checked here so a malformed conversation is a bad line with its reason, never a failed run.
 */
const ROLES = ['system', 'user', 'assistant', 'tool'];
export const ToolCallSchema = z.looseObject({
    id: z.string().min(1).optional(),
    type: z.literal('function', { error: 'tool call type must be "function"' }).optional(),
    function: z.looseObject({
        name: z.string().min(1, 'tool call function.name must be a non-empty string'),
        arguments: z.union([z.record(z.string(), z.unknown()), z.string()], {
            error: 'tool call function.arguments must be an object (or its JSON text)',
        }),
    }),
});
export const ChatMessageSchema = z.looseObject({
    role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }),
    content: z.string().nullable().optional(),
    tool_calls: z.array(ToolCallSchema).optional(),
    tool_call_id: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
});
export const ToolDefinitionSchema = z.looseObject({
    type: z.literal('function', { error: 'a tool definition has type "function"' }),
    function: z.looseObject({
        name: z.string().min(1, 'tool function.name must be a non-empty string'),
        description: z.string().optional(),
        parameters: z.record(z.string(), z.unknown()).optional(),
    }),
});
/** The conversation rules no per-message schema can see: how it starts, and which call each tool turn answers. */
function checkConversation(messages, ctx) {
    const first = messages[0];
    if (first && first.role !== 'system' && first.role !== 'user') {
        ctx.addIssue({
            code: 'custom',
            path: [0, 'role'],
            message: `messages must start with a system or user turn, not ${first.role}`,
        });
    }
    if (!messages.some((m) => m.role === 'assistant')) {
        ctx.addIssue({
            code: 'custom',
            path: [],
            message: 'messages hold no assistant turn: nothing to train on',
        });
    }
    let calls = [];
    messages.forEach((m, i) => {
        if (m.tool_calls && m.role !== 'assistant') {
            ctx.addIssue({
                code: 'custom',
                path: [i, 'tool_calls'],
                message: 'only assistant turns carry tool_calls',
            });
        }
        if (m.role === 'assistant')
            calls = m.tool_calls ?? [];
        if (m.role !== 'tool')
            return;
        if (typeof m.content !== 'string') {
            ctx.addIssue({
                code: 'custom',
                path: [i, 'content'],
                message: 'a tool turn needs its output as content',
            });
        }
        const answered = m.tool_call_id
            ? calls.some((c) => c.id === m.tool_call_id)
            : calls.length > 0 &&
                calls.every((c) => c.id === undefined) &&
                calls.some((c) => c.function.name === m.name);
        if (!answered) {
            ctx.addIssue({
                code: 'custom',
                path: [i, m.tool_call_id ? 'tool_call_id' : 'name'],
                message: m.tool_call_id
                    ? `tool turn answers call id ${JSON.stringify(m.tool_call_id)}, which the assistant turn before it did not make`
                    : "tool turn matches no call of the assistant turn before it: give tool_call_id (the call's id) or name (the called function)",
            });
        }
    });
}
export const ChatMessagesSchema = z
    .array(ChatMessageSchema)
    .min(1, 'messages must not be empty')
    .superRefine(checkConversation);
export const ToolDefinitionsSchema = z.array(ToolDefinitionSchema);
//# sourceMappingURL=chat-messages.js.map