import { ConfigError } from '../../shared/errors.js';
/** How overrides.yaml refers to a path: relative to the project root when inside it, so the tree can move. */
export declare function portablePath(root: string, p: string): string;
/** An overrides file that exists but holds no usable YAML mapping: what `adapters activate` may repair. */
export declare class CorruptOverridesError extends ConfigError {
}
/**
 * Moves a corrupt overrides file aside (`<file>.corrupt-<time>`, nothing lost) so a fresh one can be written.
 * Returns where it went, or null when the file was not corrupt.
 */
export declare function setAsideIfCorrupt(file: string, at: string): Promise<string | null>;
/** Reads `learning.active_adapter_path` as written (relative or absolute), or null. */
export declare function readActiveAdapter(file: string): Promise<string | null>;
/** The same, telling a key written as null (the base model, after a rollback to it) from no key at all. */
export declare function readActiveAdapterSetting(file: string): Promise<{
    set: boolean;
    value: string | null;
}>;
/**
 * Sets `learning.active_adapter_path` (null: the base model), keeping every other key and comment, published
 * atomically. Returns false when the file already said so (nothing written).
 */
export declare function setActiveAdapter(file: string, value: string | null): Promise<boolean>;
