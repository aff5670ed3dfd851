/** A terminal sparkline of `values`, averaged down to at most `width` characters; higher values, taller bars. */
export declare function sparkline(values: readonly number[], width?: number): string;
