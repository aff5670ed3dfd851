/** Merges layers in order, later over earlier; returns the merged object and where each leaf came from. */
export function mergeLayers(layers) {
    let merged = {};
    const sources = new Map();
    for (const layer of layers) {
        merged = deepMerge(merged, layer.data);
        for (const key of leafPaths(layer.data)) {
            // A leaf set by this layer replaces whatever lay under it, a whole sub-mapping included.
            for (const known of [...sources.keys()])
                if (known.startsWith(key + '.'))
                    sources.delete(known);
            sources.set(key, layer.source);
        }
    }
    return { merged, sources };
}
/** Dotted paths of the leaves (scalars, lists, empty mappings) of a nested object. */
export function leafPaths(obj, prefix = '') {
    return Object.entries(obj).flatMap(([key, value]) => {
        const at = prefix ? `${prefix}.${key}` : key;
        return isPlainObject(value) && Object.keys(value).length ? leafPaths(value, at) : [at];
    });
}
/** The layer a key (or its nearest ancestor) came from. */
export function sourceOf(sources, key) {
    for (let k = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
        const found = sources.get(k);
        if (found)
            return found;
    }
    // A section whose keys all came from one layer.
    const below = [...sources.entries()].filter(([k]) => k.startsWith(key + '.')).map(([, s]) => s);
    return below.length && below.every((s) => s === below[0]) ? below[0] : undefined;
}
export function deepMerge(base, over) {
    const out = { ...base };
    for (const [key, value] of Object.entries(over)) {
        const prev = out[key];
        out[key] = isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value;
    }
    return out;
}
export function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
//# sourceMappingURL=config-layers.js.map