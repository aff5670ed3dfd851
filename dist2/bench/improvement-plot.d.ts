/** Held-out success per generation, one line per row with its 95% interval as a band: a plain SVG. */
export declare function improvementPlot(data: {
    suite: string;
    eval_tasks: number;
    rows: Record<string, {
        generation: number;
        eval: {
            success_rate: number | null;
            interval: [number, number] | null;
        };
    }[]>;
}): string;
