/**
 * Strips control characters, ANSI escape sequences and OSC sequences from text that came
 * from the account or the logs, so that it cannot move the cursor, retitle the terminal or
 * hide output when printed.
 */
// Matching control characters is the point of this function.
/* eslint-disable no-control-regex */
export function sanitizeForTerminal(text: string): string {
  return (
    text
      // OSC: ESC ] ... terminated by BEL or ESC \
      .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
      // CSI and other ESC-prefixed sequences
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
      .replace(/\u001b[@-_]/g, '')
      // C0 controls except tab, C1 controls, and DEL
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '')
  );
}
/* eslint-enable no-control-regex */
