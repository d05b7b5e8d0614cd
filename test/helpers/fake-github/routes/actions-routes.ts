// GitHub Actions as far as appgen reads it: a finished run's artifacts and their download, which GitHub answers with
// a 302 to signed blob storage (served by the fake under BLOB_PREFIX, outside the API, like the real storage host).
import { page } from "../core.ts";
import { artifact } from "../representations.ts";
import { integerParam, notFound, unprocessable, type RouteTable } from "../route-types.ts";
import { BLOB_PREFIX } from "../state.ts";

export const actionsRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts": (context) => {
    context.fake.actor(context.auth);
    const run = context.fake.state.workflowRuns.get(integerParam(context, "run_id"));
    if (!run) throw notFound();
    const name = context.query.get("name");
    const artifacts = run.artifacts.filter((a) => !name || a.name === name);
    const listed = page(context, artifacts, (a) => artifact(context.fake.site, run, a));
    return { ...listed, body: { total_count: artifacts.length, artifacts: listed.body } };
  },

  "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}": (context) => {
    context.fake.actor(context.auth);
    if (context.params.archive_format !== "zip") throw unprocessable("archive_format must be zip");
    const id = integerParam(context, "artifact_id");
    const found = [...context.fake.state.workflowRuns.values()]
      .flatMap((run) => run.artifacts)
      .find((a) => a.id === id);
    if (!found) throw notFound();
    return {
      status: 302,
      headers: { location: `${context.fake.site.htmlUrl}${BLOB_PREFIX}artifacts/${id}.zip?sig=signed` },
    };
  },
};
