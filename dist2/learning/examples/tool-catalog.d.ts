import type { ToolDefinition } from '../dataset/chat-messages.js';
import type { LearningRecord } from '../dataset/record.js';
/**
 * The tools a dataset's records call, as JSON-schema function definitions inferred from the arguments they were
 * called with: a property's type is every JSON type seen for it (integer widens to number when both occur), and it
 * is required when every call passed it. Records that bring their own `tools` are described by those instead.
 */
export declare class ToolCatalog {
    private readonly tools;
    observe(record: LearningRecord): void;
    private observeCall;
    /** Sorted by name, so the same calls give byte-identical definitions whatever order they came in. */
    definitions(): ToolDefinition[];
}
