// The two writers behind the public data had different JSON habits, and the loaders must cope with
// both, so we reproduce them byte for byte rather than calling JSON.stringify on whole objects:
// - song files: Python's json.dumps defaults (", " and ": " separators, non-ASCII as \uXXXX);
// - event logs: compact, non-ASCII as \uXXXX and "/" escaped as "\/".

const NON_ASCII = /[\u0080-\uffff]/g;
const SLASH = /\//g;

function escapeNonAscii(char: string): string {
  return '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0');
}

/** A JSON string literal as Python's json.dumps writes it (ensure_ascii). */
export function songJsonString(value: string): string {
  return JSON.stringify(value).replace(NON_ASCII, escapeNonAscii);
}

/** A JSON string literal as the event logs write it: ASCII only, with "\/". */
export function logJsonString(value: string): string {
  return JSON.stringify(value).replace(NON_ASCII, escapeNonAscii).replace(SLASH, '\\/');
}

/** Floats as Python prints them: 200.0 rather than JS's 200. */
export function pyFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/**
 * Double-encoded UTF-8 ("Café" read back as Latin-1: "CafÃ©"), the mojibake found in real event
 * logs. Applied twice it gives the "Ã\u0083Â©" form also seen there.
 */
export function mojibake(value: string, times = 1): string {
  let text = value;
  for (let i = 0; i < times; i++) text = Buffer.from(text, 'utf8').toString('latin1');
  return text;
}

export function hasNonAscii(value: string): boolean {
  return /[^\u0000-\u007f]/.test(value);
}
