/**
 * Where to go after signing in, when the link carried one: only a path on this site ("/…" but not "//…"
 * or "/\…", which browsers read as another host), so a crafted link cannot send anyone elsewhere.
 */
export function localPathOrNull(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  return /^\/(?![/\\])[\w\-./?=&%~+]*$/.test(value) ? value : null;
}
