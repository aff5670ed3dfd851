import { planCalls } from './trajectory.js';
function jsonType(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'array';
    if (typeof value === 'number')
        return Number.isInteger(value) ? 'integer' : 'number';
    if (typeof value === 'boolean' || typeof value === 'string')
        return typeof value;
    return 'object';
}
/**
 * The tools a dataset's records call, as JSON-schema function definitions inferred from the arguments they were
 * called with: a property's type is every JSON type seen for it (integer widens to number when both occur), and it
 * is required when every call passed it. Records that bring their own `tools` are described by those instead.
 */
export class ToolCatalog {
    tools = new Map();
    observe(record) {
        for (const call of planCalls(record))
            this.observeCall(call.name, call.arguments);
        for (const message of record.messages ?? []) {
            for (const call of message.tool_calls ?? []) {
                const args = call.function.arguments;
                this.observeCall(call.function.name, typeof args === 'string' ? parseArguments(args) : args);
            }
        }
    }
    observeCall(name, args) {
        let seen = this.tools.get(name);
        if (!seen)
            this.tools.set(name, (seen = { calls: 0, properties: new Map() }));
        seen.calls++;
        for (const [key, value] of Object.entries(args)) {
            let property = seen.properties.get(key);
            if (!property)
                seen.properties.set(key, (property = { types: new Set(), calls: 0 }));
            property.types.add(jsonType(value));
            property.calls++;
        }
    }
    /** Sorted by name, so the same calls give byte-identical definitions whatever order they came in. */
    definitions() {
        return [...this.tools.keys()].sort().map((name) => {
            const seen = this.tools.get(name);
            const keys = [...seen.properties.keys()].sort();
            const properties = Object.fromEntries(keys.map((key) => [key, { type: schemaType(seen.properties.get(key).types) }]));
            const required = keys.filter((key) => seen.properties.get(key).calls === seen.calls);
            return {
                type: 'function',
                function: { name, parameters: { type: 'object', properties, required } },
            };
        });
    }
}
function schemaType(types) {
    const list = [...types];
    const widened = types.has('number') ? list.filter((t) => t !== 'integer') : list;
    widened.sort();
    return widened.length === 1 ? widened[0] : widened;
}
function parseArguments(text) {
    try {
        const value = JSON.parse(text);
        return typeof value === 'object' && value !== null && !Array.isArray(value)
            ? value
            : {};
    }
    catch {
        return {};
    }
}
//# sourceMappingURL=tool-catalog.js.map