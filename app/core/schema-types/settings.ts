// Generated from schemas/settings.schema.json by `npm run schemas`. Do not edit.

/**
 * Where runs are kept: PostgreSQL (DATABASE_URL) or the JSON-lines file in APPGEN_DATA_DIR.
 *
 * This interface was referenced by `Settings`'s JSON-Schema
 * via the `definition` "RunStoreSettings".
 */
export type RunStoreSettings =
  | {
      kind: "postgres";
      connectionString: string;
    }
  | {
      kind: "file";
      path: string;
    };

/**
 * What an appgen server or worker process runs with, read once from the environment at start-up by readSettings (app/settings.ts) and passed down; no other module reads process.env.
 */
export interface Settings {
  /**
   * APP_ID: the GitHub App's ID.
   */
  appId: number;
  /**
   * The App's PEM private key: PRIVATE_KEY (PEM or base64), else the file at PRIVATE_KEY_PATH.
   */
  privateKey: string;
  /**
   * WEBHOOK_SECRET: the webhook secret set on the App.
   */
  webhookSecret: string;
  /**
   * PORT: where the webhook server listens (default 3000; 0 picks a free port, for tests).
   */
  port: number;
  /**
   * HOST: the interface to listen on; unset: all.
   */
  host?: string;
  /**
   * LOG_LEVEL (default info).
   */
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  /**
   * GitHub's REST API: https://api.github.com, or http(s)://<GHE_HOST>/api/v3 (GHE_HOST, GHE_PROTOCOL).
   */
  baseUrl: string;
  llm?: LlmSettings;
  limits?: OperatorLimits;
  /**
   * APPGEN_LLM_USD_PER_MILLION_TOKENS: the price for the cost figures; unset: no cost is counted.
   */
  usdPerMillionTokens?: number;
  /**
   * REDIS_URL: jobs go to BullMQ for `npm run worker` processes; unset, they run in the server's process.
   */
  redisUrl?: string;
  runStore?: RunStoreSettings;
  dashboard?: DashboardAuth;
  worker?: WorkerSettings;
}
/**
 * The planner's OpenAI-compatible endpoint (OPENAI_API_KEY, OPENAI_BASE_URL, APPGEN_LLM_MODEL); absent: planning and fixing run offline.
 *
 * This interface was referenced by `Settings`'s JSON-Schema
 * via the `definition` "LlmSettings".
 */
export interface LlmSettings {
  apiKey: string;
  /**
   * An OpenAI-compatible endpoint ending in /v1; default OpenAI's.
   */
  baseURL?: string;
  model: string;
  /**
   * Per attempt; the SDK retries timeouts too.
   */
  timeoutMs?: number;
  maxRetries?: number;
}
/**
 * The operator's ceilings: a repository's config may lower them, never raise them, and may name only the listed models.
 *
 * This interface was referenced by `Settings`'s JSON-Schema
 * via the `definition` "OperatorLimits".
 */
export interface OperatorLimits {
  /**
   * APPGEN_GENERATIONS_PER_DAY: the most generations an installation may start per UTC day.
   */
  generationsPerDay: number;
  /**
   * APPGEN_LLM_TOKENS_PER_DAY: the most LLM tokens per installation per UTC day; absent: no budget.
   */
  llmTokensPerDay?: number;
  /**
   * APPGEN_LLM_MODEL: the model a repository gets when its config names none.
   */
  defaultModel: string;
  /**
   * APPGEN_LLM_MODELS: every model a repository may name (always includes defaultModel).
   *
   * @minItems 1
   */
  models: string[];
}
/**
 * Who may see the dashboard under /appgen.
 *
 * This interface was referenced by `Settings`'s JSON-Schema
 * via the `definition` "DashboardAuth".
 */
export interface DashboardAuth {
  /**
   * APPGEN_ADMIN_TOKEN: `Authorization: Bearer <token>` sees and does everything (headless use).
   */
  adminToken?: string;
  oauth?: GitHubOAuthSettings;
  /**
   * Signs session cookies (APPGEN_SESSION_SECRET; unset: derived from the App's private key).
   */
  sessionSecret: string;
  /**
   * APPGEN_OPERATORS: logins with the operator view: everything, and the queue's Retry.
   */
  operators: string[];
  /**
   * APPGEN_PUBLIC_URL: the dashboard's public origin, for the OAuth redirect; else taken from the request.
   */
  publicUrl?: string;
}
/**
 * The GitHub App's OAuth credentials (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET) for "Sign in with GitHub".
 *
 * This interface was referenced by `Settings`'s JSON-Schema
 * via the `definition` "GitHubOAuthSettings".
 */
export interface GitHubOAuthSettings {
  clientId: string;
  clientSecret: string;
  /**
   * GitHub's REST API; the OAuth web host is derived from it by @octokit/oauth-methods.
   */
  apiUrl: string;
}
/**
 * What only `npm run worker` reads.
 *
 * This interface was referenced by `Settings`'s JSON-Schema
 * via the `definition` "WorkerSettings".
 */
export interface WorkerSettings {
  /**
   * APPGEN_WORKER_CONCURRENCY: jobs one worker process runs at once (default 1).
   */
  concurrency: number;
  /**
   * APPGEN_WORKER_METRICS_PORT: where this worker serves /metrics and /healthz; absent: no HTTP.
   */
  metricsPort?: number;
}
