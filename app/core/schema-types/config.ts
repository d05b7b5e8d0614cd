// Generated from schemas/config.schema.json by `npm run schemas`. Do not edit.

/**
 * A repository's .github/appgen.yml (or the organisation's .github repository's). Every property is optional; appgen fills in the defaults.
 */
export interface AppgenConfig {
  /**
   * The issue label that starts a generation. Default: generate.
   */
  label?: string;
  /**
   * The pull request comment command that re-plans the app, e.g. /regenerate. Default: /regenerate.
   */
  command?: string;
  /**
   * The branch appgen branches from and opens pull requests against. Default: the repository's default branch.
   */
  base_branch?: string;
  /**
   * Folder of the generated app inside the repository; empty for the repository root. No '.' or '..' segments, and not in .git, .github or any folder whose name starts with .git (any letter case). Default: empty.
   */
  path?: string;
  /**
   * Open the pull request as a draft. Default: true.
   */
  draft?: boolean;
  /**
   * runs-on labels for the generated project's checks, e.g. [self-hosted, gpu]. Default: [ubuntu-latest].
   *
   * @minItems 1
   * @maxItems 10
   */
  runner_labels?: string[];
  /**
   * The licence check of the generated app's production dependencies (pnpm licenses list --prod). A dependency passes when its licence expression is satisfied by the allow-list (an OR needs one allowed side, an AND both), or when its name is in allow_packages. Rendered into the generated CI workflow (regenerate after a change); `appgen check` reads this file too.
   */
  licenses?: {
    /**
     * SPDX licence identifiers a dependency may have; replaces the default. Default: MIT, MIT-0, ISC, BSD-2-Clause, BSD-3-Clause, Apache-2.0, 0BSD, BlueOak-1.0.0, CC0-1.0, Unlicense, Python-2.0, CC-BY-4.0, Zlib.
     *
     * @minItems 1
     * @maxItems 100
     */
    allow?: string[];
    /**
     * Package names allowed whatever their licence, after a person's review; a * matches any characters (e.g. @img/sharp-libvips-*). Replaces the default. Default: [@img/sharp-libvips-*] (libvips, LGPL-3.0-or-later, a shared library next's image optimisation loads unmodified).
     *
     * @maxItems 100
     */
    allow_packages?: string[];
  };
  llm?: {
    /**
     * Plan with the configured model. false always uses the offline planner. Default: true.
     */
    enabled?: boolean;
    /**
     * Model name at the server's OpenAI-compatible endpoint; one of the models the server's operator allows (APPGEN_LLM_MODELS). Default: the server's APPGEN_LLM_MODEL.
     */
    model?: string;
  };
  limits?: {
    /**
     * Largest issue title plus body appgen plans from, in UTF-8 bytes. Default: 65536.
     */
    max_issue_bytes?: number;
    /**
     * Generations (labels and /regenerate commands) per installation per UTC day; at most the server's APPGEN_GENERATIONS_PER_DAY (a repository can only lower it). Default: the server's APPGEN_GENERATIONS_PER_DAY, else 50.
     */
    generations_per_day?: number;
    /**
     * Auto-fix commits appgen pushes after failed checks before it hands over to a person (label appgen:needs-human); counted since the last generation commit. 0 turns auto-fix off. Default: 2.
     */
    max_autofix?: number;
    /**
     * LLM tokens (prompt plus completion) per installation per UTC day; once spent, generations wait for the next day. At most the server's APPGEN_LLM_TOKENS_PER_DAY when it sets one (a repository can only lower it). Default: the server's APPGEN_LLM_TOKENS_PER_DAY, else no budget.
     */
    llm_tokens_per_day?: number;
  };
  autofix?: {
    /**
     * Where failed checks are fixed. app: the appgen server reads the diagnostics and asks its model. self-hosted: appgen dispatches the appgen-fix.yml workflow, which runs `appgen fix` on your runner against a model server there (vLLM, Ollama), so code and prompts stay on your machines. Default: app.
     */
    mode?: "app" | "self-hosted";
    /**
     * runs-on labels of the appgen-fix.yml workflow in self-hosted mode, e.g. [self-hosted, gpu]. Default: runner_labels.
     *
     * @minItems 1
     * @maxItems 10
     */
    runner_labels?: string[];
  };
}
