/** Search attributes the dev server registers and runs set, so the Web UI can filter training runs. */
export declare const SEARCH_ATTRIBUTES: {
    readonly AgiStrategy: "Keyword";
    readonly AgiSampleCount: "Int";
    readonly AgiOutcome: "Keyword";
};
/** What a search-attribute check needs: the operator service of a client or native connection. */
export type OperatorConnection = {
    operatorService: {
        listSearchAttributes(req: {
            namespace: string;
        }): Promise<{
            customAttributes?: Record<string, number> | null;
        }>;
        addSearchAttributes(req: {
            namespace: string;
            searchAttributes: Record<string, number>;
        }): Promise<unknown>;
    };
};
/** The one command that registers them, for clusters where agi-core may not (Temporal Cloud, no permission). */
export declare function createCommand(namespace: string): string;
/**
 * Makes sure the namespace has agi-core's search attributes: a workflow that upserts an unregistered one fails
 * its workflow task and retries forever, so a run would hang instead of failing. Creates the missing ones
 * where the server allows it (dev server, self-hosted); elsewhere refuses with the command that creates them.
 */
export declare function ensureSearchAttributes(connection: OperatorConnection, namespace: string): Promise<{
    created: string[];
    warning?: string;
}>;
