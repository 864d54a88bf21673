import { escapeHtml } from '../../../src/http/html-page.ts';
import { GARMIN_PERMISSIONS } from './garmin-emulator.types.ts';

/**
 * The consent page a browser sees when no Garmin user is signed in (a test may instead call `signIn`, which
 * answers the page at once). One form: who signs in, which permissions stay ticked, Agree or Decline. It
 * posts back to /oauth2Confirm with the authorization request's parameters, so a browser test can drive it.
 */
export function renderConsentPage(query: Record<string, string>, userIds: readonly string[]): string {
  const hidden = Object.entries(query)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  const users = userIds
    .map((userId) => `<option value="${escapeHtml(userId)}">${escapeHtml(userId)}</option>`)
    .join('');
  const permissions = GARMIN_PERMISSIONS.map(
    (name) => `<label><input type="checkbox" name="permission" value="${name}" checked> ${name}</label><br>`,
  ).join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Garmin Connect (emulator): allow access</title></head>
  <body>
    <h1>Allow the app to access your Garmin Connect data?</h1>
    <form method="post" action="/oauth2Confirm">
      ${hidden}
      <label>Garmin user <select name="userId">${users}</select></label><br>
      ${permissions}
      <button type="submit" name="decision" value="accept">Agree</button>
      <button type="submit" name="decision" value="decline">Decline</button>
    </form>
  </body>
</html>`;
}
