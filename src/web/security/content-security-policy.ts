/**
 * The pages are inline-free: scripts and styles come from /assets only, so the policy allows nothing
 * else. `style-src-attr 'unsafe-inline'` is there for ECharts, which lays out its chart and tooltips with
 * style attributes; attributes cannot run script. `upgrade-insecure-requests` only over https: on a
 * plain-http LAN address it would send the browser to an https port that does not exist.
 * `inlineStyles` is for Swagger UI (/docs, which shows no data), which adds a <style> element at run time.
 */
export function contentSecurityPolicy(secure: boolean, options: { inlineStyles?: boolean } = {}): string {
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    options.inlineStyles ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (secure) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}
