// A GitHub-compatible server on 127.0.0.1 backed by a real git repository, for integration tests. Test code only.
export {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
  type InjectedFailure,
  type RecordedRequest,
  type Violation,
} from "./server.ts";
export { sendWebhook, type WebhookDelivery, type WebhookResponse } from "./webhook.ts";
export type { WebhookPayloads } from "./payloads.ts";
export type { Permission } from "./state.ts";
export { GitHubOpenApi, type OperationMatch } from "./openapi.ts";
