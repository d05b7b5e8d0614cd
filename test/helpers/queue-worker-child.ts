// A worker process for the queue tests and the queue benchmark: app/worker.ts's startWorker with the environment
// `npm run worker` reads, but Probot's throttle plugin off (its one-second spacing of writes would dominate) and,
// with APPGEN_TEST_SLOW_COMMIT_MS, a pause before each git commit request so a test can kill it mid-job.
// Prints "ready" once it takes jobs; SIGTERM closes it gracefully, as app/worker.ts does.
import { ProbotOctokit } from "probot";
import { readSettings } from "../../app/settings.ts";
import { startWorker } from "../../app/worker.ts";

const result = readSettings(process.env, { role: "worker" });
if (!result.ok) {
  process.stderr.write(result.problems.join("\n") + "\n");
  process.exit(1);
}
const slowMs = Number(process.env.APPGEN_TEST_SLOW_COMMIT_MS ?? 0);
const Slow = ProbotOctokit.plugin((octokit) => {
  octokit.hook.before("request", async (options) => {
    if (slowMs > 0 && options.method === "POST" && /\/git\/commits$/.test(options.url))
      await new Promise((resolve) => setTimeout(resolve, slowMs));
  });
  return {};
});
const Octokit = Slow.defaults((o: Record<string, any>) => ({
  ...o,
  throttle: { ...o.throttle, enabled: false },
})) as typeof ProbotOctokit;
const lockMs = Number(process.env.APPGEN_TEST_LOCK_MS ?? 0) || undefined;
// The handler comes first: the worker may take a job before startWorker resolves, and a SIGTERM then must still
// let that job finish.
const started = startWorker(result.settings, {
  Octokit,
  progressIntervalMs: Number(process.env.APPGEN_TEST_PROGRESS_MS ?? 0),
  ...(lockMs ? { lockMs } : {}),
  ...(process.env.APPGEN_QUEUE_NAME ? { queueName: process.env.APPGEN_QUEUE_NAME } : {}),
});
process.once("SIGTERM", () => void started.then((worker) => worker.close()).then(() => process.exit(0)));
await started;
process.stdout.write("ready\n");
