/**
 * Firmware strings come NUL-padded or with stray bytes (a Suunto sport name, an unterminated Wahoo
 * string); PostgreSQL's jsonb rejects NUL outright. Removes C0 control characters and DEL, keeping tab and
 * line breaks when asked.
 */
export function stripControlCharacters(value: string, keepWhitespace = false): string {
  let needsCleaning = false;
  for (let index = 0; index < value.length; index++) {
    if (isControl(value.charCodeAt(index), keepWhitespace)) {
      needsCleaning = true;
      break;
    }
  }
  if (!needsCleaning) return value;
  let cleaned = '';
  for (let index = 0; index < value.length; index++) {
    if (!isControl(value.charCodeAt(index), keepWhitespace)) cleaned += value[index];
  }
  return cleaned;
}

function isControl(code: number, keepWhitespace: boolean): boolean {
  if (keepWhitespace && (code === 0x09 || code === 0x0a || code === 0x0d)) return false;
  return code < 0x20 || code === 0x7f;
}
