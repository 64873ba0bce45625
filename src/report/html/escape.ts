import { sanitizeForTerminal } from '../terminal-text.js';

/**
 * Escapes text for an HTML text node or a quoted attribute value. Control characters and
 * ANSI / OSC sequences are dropped (newlines kept), because HTML printed to stdout reaches
 * a terminal and HTML itself forbids most controls.
 */
export function escapeHtml(text: string): string {
  return text
    .split('\n')
    .map(sanitizeForTerminal)
    .join('\n')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Serializes a value as JSON that is safe inside `<script type="application/json">`.
 * `<`, `>` and `&` become \u escapes, so no string from the logs can close the element or
 * open a comment. DEL and C1 controls are escaped as in the JSON report, and U+2028/U+2029
 * for parsers older than ES2019.
 * Non-finite numbers become null, as in the JSON report.
 */
export function jsonForScriptElement(value: unknown): string {
  const json = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'number' && !Number.isFinite(item) ? null : item,
  );
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/[\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Prepares trusted JavaScript (the vendored chart library and the report's own script) for
 * an inline `<script>` element. The HTML parser ends the element at the first `</script`, so
 * that sequence is written as `<\/script`, which means the same inside a JS string, regex or
 * comment. `<!--` would switch the parser into a state where the element can end early, and no
 * rewrite is safe in every JS context, so the function throws on it.
 */
export function scriptForInlining(source: string, name: string): string {
  if (source.includes('<!--')) {
    throw new Error(`${name} contains "<!--" and cannot be inlined into the HTML report.`);
  }
  return source.replace(/<\/script/gi, (match) => `<\\${match.slice(1)}`);
}
