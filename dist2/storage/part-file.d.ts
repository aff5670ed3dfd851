/** Suffix of a file still being written: listings skip it, and it never has the final name. */
export declare const PART_SUFFIX = ".part";
/** Writes `target` through a `.part` file renamed into place: readers see the whole file or none. */
export declare function writeViaPart(target: string, write: (tmp: string) => Promise<void>): Promise<void>;
