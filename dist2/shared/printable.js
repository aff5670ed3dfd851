/**
 * Text from input (a flag, a record, a file name) made safe to print: control characters are shown as escapes,
 * so an ANSI sequence or a carriage return in a bad argument cannot repaint the operator's terminal or forge
 * a line of output. Newlines and tabs are kept only where our own messages need them (`keepLines`).
 */
export function printable(text, options = {}) {
    // C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => {
        if (options.keepLines && (ch === '\n' || ch === '\t'))
            return ch;
        const named = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
        const code = ch.codePointAt(0);
        return (named[ch] ??
            (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`));
    });
}
//# sourceMappingURL=printable.js.map