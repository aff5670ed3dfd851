/** One layer of configuration: a plain object and the name of where it came from. */
export type Layer = {
    source: string;
    data: Record<string, unknown>;
};
/** Dotted key path (`learning.dataset_path`) → the layer that set its value last. */
export type Sources = Map<string, string>;
/** Merges layers in order, later over earlier; returns the merged object and where each leaf came from. */
export declare function mergeLayers(layers: Layer[]): {
    merged: Record<string, unknown>;
    sources: Sources;
};
/** Dotted paths of the leaves (scalars, lists, empty mappings) of a nested object. */
export declare function leafPaths(obj: Record<string, unknown>, prefix?: string): string[];
/** The layer a key (or its nearest ancestor) came from. */
export declare function sourceOf(sources: Sources, key: string): string | undefined;
export declare function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown>;
export declare function isPlainObject(v: unknown): v is Record<string, unknown>;
