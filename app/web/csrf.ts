// Forms posted with a session carry a CSRF token derived from it: the browser sends the session cookie on its own, so
// the cookie alone proves nothing. A bearer token is sent deliberately by a script, so its requests need none.
import { Refusal } from "./http.ts";
import { csrfMatches, type Session } from "./session.ts";

export function requireCsrfToken(session: Session | undefined, form: URLSearchParams, secret: string): void {
  if (session && !csrfMatches(session, form.get("csrf") ?? undefined, secret)) {
    throw new Refusal(
      403,
      "Form expired",
      "This form is no longer valid (its security token is missing or wrong). Reload the page and try again.",
    );
  }
}
