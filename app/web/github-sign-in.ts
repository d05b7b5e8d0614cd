// "Sign in with GitHub" through the GitHub App's OAuth web flow, and what the signed-in person may see: the App's
// installations they administer and the repositories they can access in the others. The user token is used for
// these few calls during the callback and then dropped; only the answer goes into the session cookie.
// @octokit/oauth-methods comes with octokit (through @octokit/oauth-app); it derives the OAuth web host from the
// request's baseUrl, so one setting serves github.com, ghe.com and GitHub Enterprise Server.
import { exchangeWebFlowCode, getWebFlowAuthorizationUrl } from "@octokit/oauth-methods";
import { Octokit } from "octokit";
import type { GitHubOAuthSettings } from "../core/schema-types/settings.ts";
import type { AdministeredInstallation } from "./session.ts";

/**
 * The App's client ID and secret, and GitHub's REST API (https://api.github.com, or http(s)://<host>/api/v3 for GitHub
 * Enterprise Server); the web host of the OAuth pages is derived from it by @octokit/oauth-methods.
 */
export type GitHubOAuthConfig = GitHubOAuthSettings;

export interface SignedInPerson {
  login: string;
  admin: AdministeredInstallation[];
  /** owner/repo the person can access in installations they do not administer. */
  repos: string[];
}

export class GitHubSignIn {
  private readonly Api: typeof Octokit;

  constructor(private readonly config: GitHubOAuthConfig) {
    // No retries: a person waiting on the callback is better served by a quick, clear failure.
    this.Api = Octokit.defaults({ baseUrl: config.apiUrl, retry: { enabled: false } });
  }

  authorizeUrl(state: string, redirectUrl: string): string {
    return getWebFlowAuthorizationUrl({
      clientType: "github-app",
      clientId: this.config.clientId,
      redirectUrl,
      state,
      request: new this.Api().request,
    }).url;
  }

  /** Exchanges the callback's code for a user token (throws RequestError when GitHub refuses it). */
  async exchangeCode(code: string, redirectUrl: string): Promise<string> {
    const { authentication } = await exchangeWebFlowCode({
      clientType: "github-app",
      clientId: this.config.clientId,
      clientSecret: this.config.clientSecret,
      code,
      redirectUrl,
      request: new this.Api().request,
    });
    return authentication.token;
  }

  async person(token: string): Promise<SignedInPerson> {
    const octokit = new this.Api({ auth: token });
    const { data: user } = await octokit.request("GET /user");
    const installations = await octokit.paginate("GET /user/installations", { per_page: 100 });
    const admin: AdministeredInstallation[] = [];
    const repos: string[] = [];
    for (const installation of installations) {
      const account = installation.account && "login" in installation.account ? installation.account : undefined;
      if (!account) continue;
      if (await administers(octokit, user.login, account.login, account.type)) {
        admin.push({ id: installation.id, account: account.login });
        continue;
      }
      const repositories = await octokit.paginate("GET /user/installations/{installation_id}/repositories", {
        installation_id: installation.id,
        per_page: 100,
      });
      for (const repository of repositories) repos.push(repository.full_name);
    }
    return { login: user.login, admin, repos: [...new Set(repos)].sort() };
  }
}

async function administers(
  octokit: Octokit,
  login: string,
  account: string,
  type: string | undefined,
): Promise<boolean> {
  if (type !== "Organization") return account.toLowerCase() === login.toLowerCase();
  try {
    const { data } = await octokit.request("GET /user/memberships/orgs/{org}", { org: account });
    return data.role === "admin" && data.state === "active";
  } catch (error) {
    // Not a member (404) or the App lacks the members permission (403): not an administrator as far as we can tell.
    if (error instanceof Error && "status" in error && (error.status === 404 || error.status === 403)) return false;
    throw error;
  }
}
