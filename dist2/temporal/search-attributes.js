import proto from '@temporalio/proto';
const { temporal } = proto;
import { UsageError, errorMessage } from '../shared/errors.js';
/** Search attributes the dev server registers and runs set, so the Web UI can filter training runs. */
export const SEARCH_ATTRIBUTES = {
    AgiStrategy: 'Keyword',
    AgiSampleCount: 'Int',
    AgiOutcome: 'Keyword',
};
const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const TYPE_OF = {
    Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
};
/** The one command that registers them, for clusters where agi-core may not (Temporal Cloud, no permission). */
export function createCommand(namespace) {
    const flags = Object.entries(SEARCH_ATTRIBUTES)
        .map(([name, type]) => `--name ${name} --type ${type}`)
        .join(' ');
    return `temporal operator search-attribute create --namespace ${namespace} ${flags}`;
}
/**
 * Makes sure the namespace has agi-core's search attributes: a workflow that upserts an unregistered one fails
 * its workflow task and retries forever, so a run would hang instead of failing. Creates the missing ones
 * where the server allows it (dev server, self-hosted); elsewhere refuses with the command that creates them.
 */
export async function ensureSearchAttributes(connection, namespace) {
    let missing;
    try {
        missing = await missingAttributes(connection, namespace);
    }
    catch (err) {
        if (err instanceof UsageError)
            throw err;
        // Listing may be refused where using them is not: go on, but say what to run if runs hang.
        return {
            created: [],
            warning: `cannot list the search attributes of namespace ${namespace} (${errorMessage(err)}); if runs hang on BadSearchAttributes, run \`${createCommand(namespace)}\``,
        };
    }
    if (missing.length === 0)
        return { created: [] };
    try {
        await connection.operatorService.addSearchAttributes({
            namespace,
            searchAttributes: Object.fromEntries(missing.map((name) => [name, TYPE_OF[SEARCH_ATTRIBUTES[name]]])),
        });
    }
    catch (err) {
        // Another worker may have added them a moment ago.
        const still = await missingAttributes(connection, namespace).catch(() => missing);
        if (still.length === 0)
            return { created: [] };
        throw new UsageError(`namespace ${namespace} lacks the search attributes ${still.join(', ')} and this connection may not create them (${errorMessage(err)}): ` +
            `run \`${createCommand(namespace)}\` (on Temporal Cloud: tcld namespace search-attributes add, or the Cloud UI), then start again`, { cause: err });
    }
    return { created: missing };
}
async function missingAttributes(connection, namespace) {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const have = customAttributes ?? {};
    const names = Object.keys(SEARCH_ATTRIBUTES);
    for (const name of names) {
        const type = have[name];
        if (type !== undefined && type !== TYPE_OF[SEARCH_ATTRIBUTES[name]]) {
            throw new UsageError(`namespace ${namespace} has a search attribute ${name} of another type than ${SEARCH_ATTRIBUTES[name]}: ` +
                `agi-core cannot tag runs with it; remove it (temporal operator search-attribute remove --namespace ${namespace} --name ${name}) or use another namespace`);
        }
    }
    return names.filter((name) => have[name] === undefined);
}
//# sourceMappingURL=search-attributes.js.map