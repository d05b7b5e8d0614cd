// App-level endpoints, reached with the App's JWT: the App itself, its installation, installation tokens.
import { app, installation } from "../representations.ts";
import { HttpError, notFound, type RouteContext, type RouteTable } from "../route-types.ts";

function requireApp(context: RouteContext): void {
  if (context.auth.kind !== "app") {
    throw new HttpError(401, "A JSON web token could not be decoded");
  }
}

function requireOurInstallation(context: RouteContext): void {
  if (Number(context.params.installation_id) !== context.fake.site.installationId) throw notFound();
}

export const appRoutes: RouteTable = {
  "GET /app": (context) => {
    requireApp(context);
    return { status: 200, body: app(context.fake.site, context.fake.state) };
  },

  "GET /app/installations": (context) => {
    requireApp(context);
    return { status: 200, body: [installation(context.fake.site, context.fake.state)] };
  },

  "GET /app/installations/{installation_id}": (context) => {
    requireApp(context);
    requireOurInstallation(context);
    return { status: 200, body: installation(context.fake.site, context.fake.state) };
  },

  "GET /repos/{owner}/{repo}/installation": (context) => {
    requireApp(context);
    return { status: 200, body: installation(context.fake.site, context.fake.state) };
  },

  "POST /app/installations/{installation_id}/access_tokens": (context) => {
    requireApp(context);
    requireOurInstallation(context);
    const { site } = context.fake;
    const requested = context.body.permissions as Record<string, string> | undefined;
    // A token may be narrowed, never widened: asking for a permission the App lacks is a 422 on GitHub.
    for (const [name, level] of Object.entries(requested ?? {})) {
      const granted = site.appPermissions[name];
      if (!granted || (granted === "read" && level !== "read")) {
        throw new HttpError(422, `The permissions requested are not granted to this installation.`);
      }
    }
    const issued = context.fake.authority.issueToken(site.installationId);
    return {
      status: 201,
      body: {
        token: issued.token,
        expires_at: issued.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: requested ?? site.appPermissions,
        repository_selection: "selected",
      },
    };
  },
};
