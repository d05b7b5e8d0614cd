import { describe, expect, it } from "vitest";
import { validateManifest } from "../../../../app/core/manifest/index.ts";
import { planFromPrompt } from "../../../../app/core/planners/offline/index.ts";
import { pullRequestText } from "../../../../app/core/pull-request.ts";
import { initialProgress, renderProgress } from "../../../../app/core/progress.ts";

describe("what the offline planner cannot express is listed as not built", () => {
  it.each([
    [
      "a messaging request",
      "A salon booking app. Clients book appointments with stylists. Send WhatsApp notifications to clients when an appointment is confirmed.",
      ["Send WhatsApp notifications to clients when an appointment is confirmed"],
    ],
    [
      "a game mechanic",
      "A prize wheel app for our shop. Customers can spin the wheel to win prizes, and staff manage the prizes.",
      ["Spin the wheel to win prizes"],
    ],
    [
      "a derived view",
      // Statistics of workouts are planned (offline/statistics.ts); a heatmap is a view the manifest has no word for.
      "A fitness app where members log workouts and see a heatmap of their workouts per week.",
      ["See a heatmap of their workouts per week"],
    ],
    [
      "a document",
      "Track invoices for clients. Users generate a PDF report of unpaid invoices every month.",
      ["Generate a PDF report of unpaid invoices every month"],
    ],
  ])("%s", (_name, prompt, expected) => {
    const manifest = planFromPrompt(prompt);
    expect(manifest.not_planned).toEqual(expected);
    expect(validateManifest(manifest).ok).toBe(true);
  });

  it.each([
    [
      "records people create",
      "A library app. Members borrow books and leave reviews of the books they read; librarians manage loans.",
    ],
    [
      "reading and finding records",
      "Please build a recipe site where users can browse, search and filter recipes, and add their own recipes with ingredients.",
    ],
    [
      "roles and sign-in",
      "An intranet for our office: staff sign in with Google, admins can edit announcements and everyone can read them.",
    ],
  ])("%s are planned, not listed", (_name, prompt) => {
    expect(planFromPrompt(prompt).not_planned).toBeUndefined();
  });

  it("lists each request once, in the prompt's words, in the pull request and the progress comment", () => {
    const manifest = planFromPrompt(
      "Track deliveries for couriers. Couriers get SMS reminders before each delivery. Couriers get SMS reminders before each delivery.",
    );
    expect(manifest.not_planned).toEqual(["Get SMS reminders before each delivery"]);
    const body = pullRequestText({
      manifest,
      issueNumber: 3,
      manifestSha: "0".repeat(64),
      command: "/regenerate",
    }).body;
    expect(body).toContain(
      "#### Not built\n\nThe issue asks for these, and appgen cannot express them yet; the app does not do them:\n\n- Get SMS reminders before each delivery\n",
    );
    const progress = renderProgress({
      ...initialProgress({
        kind: "generate",
        repositoryUrl: "https://github.com/o/r",
        branch: "appgen/issue-3",
        command: "/regenerate",
      }),
      notPlanned: manifest.not_planned ?? [],
    });
    expect(progress).toContain("- Get SMS reminders before each delivery");
  });
});
