// What a viewer may do: retry a failed queue job (operators and the token) and re-run a failed generation (operators
// and administrators of its installation). Sessions are redirected back with a notice; the token gets JSON.
import type { RunRecord } from "../core/runs.ts";
import { canRerun, canRetryJobs, canSeeRun, viewerLogin } from "./access.ts";
import { redirect, Refusal, sendJson } from "./http.ts";
import type { DashboardContext, Route, ViewerExchange } from "./routes.ts";

export function actionRoutes(context: DashboardContext): Route[] {
  const { options, log } = context;

  async function retryJob({ res, viewer, session, form }: ViewerExchange): Promise<void> {
    const jobId = form.get("jobId") ?? "";
    if (!canRetryJobs(viewer))
      throw new Refusal(403, "Not allowed", "Only operators can retry queue jobs. Ask an operator of appgen.");
    if (!options.queue) throw new Refusal(404, "No queue", "This server has no queue to inspect.");
    const retried = jobId ? await options.queue.retry(jobId) : false;
    log.info({ jobId, by: viewerLogin(viewer) ?? "admin-token", retried }, "dashboard queue retry");
    if (!session) return sendJson(res, retried ? 200 : 404, { retried });
    redirect(res, `/appgen?notice=${retried ? "retried" : "retry-missing"}`);
  }

  async function rerunRun({ res, viewer, session, form }: ViewerExchange): Promise<void> {
    const runId = form.get("runId") ?? "";
    const run: RunRecord | undefined = runId ? await options.runs.get(runId) : undefined;
    if (!run || !canSeeRun(viewer, run)) throw new Refusal(404, "Not found", "There is no such generation.");
    if (!canRerun(viewer, run))
      throw new Refusal(
        403,
        "Not allowed",
        "Only operators and administrators of this installation can re-run its generations.",
      );
    if (run.status !== "failed") throw new Refusal(409, "Not failed", "Only a failed generation can be re-run.");
    const by = viewerLogin(viewer) ?? "admin-token";
    const result = await options.rerun(run.id, by);
    log.info(
      { runId: run.id, by, ok: result.ok, ...(result.ok ? { newRunId: result.runId } : { reason: result.reason }) },
      "dashboard re-run",
    );
    if (!session) return sendJson(res, result.ok ? 200 : 409, result);
    redirect(res, `/appgen?notice=${result.ok ? "rerun" : "rerun-refused"}`);
  }

  return [
    { access: "viewer", method: "POST", path: "/appgen/queue/retry", handle: retryJob },
    { access: "viewer", method: "POST", path: "/appgen/runs/rerun", handle: rerunRun },
  ];
}
