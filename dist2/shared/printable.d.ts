/**
 * Text from input (a flag, a record, a file name) made safe to print: control characters are shown as escapes,
 * so an ANSI sequence or a carriage return in a bad argument cannot repaint the operator's terminal or forge
 * a line of output. Newlines and tabs are kept only where our own messages need them (`keepLines`).
 */
export declare function printable(text: string, options?: {
    keepLines?: boolean;
}): string;
