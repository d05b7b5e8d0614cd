// The files stage: manifest (+ the db/api/ui artifacts) -> the complete Next.js project. Pure and deterministic:
// same manifest, same files, byte for byte, in a stable order. Deciding what to write (only changed files, never
// a hand-edited one) belongs to the host that commits them.
import type { Manifest } from "../../schema-types/manifest.ts";
import type { GeneratedFile } from "../types.ts";
import {
  entitySpecPath,
  ISOLATION_SPEC_PATH,
  RELATIONS_SPEC_PATH,
  renderEntitySpec,
  renderIsolationSpec,
  renderRelationsSpec,
} from "./e2e.ts";
import { actionSpecPath, renderActionSpec } from "./e2e-actions.ts";
import { entityModulePath, ENTITIES_DIR, renderEntityIndex, renderEntityModule } from "./entity-module.ts";
import { entityPages } from "./pages.ts";
import { renderAppConfig, renderPackageJson, renderReadme, renderThemeCss } from "./project.ts";
import {
  CHART_LOADER_PATH,
  renderChartLoader,
  renderStatisticsModule,
  STATISTICS_MODULE_PATH,
  statisticRoutes,
} from "./statistics.ts";
import { renderStatisticsSpec, STATISTICS_SPEC_PATH } from "./e2e-statistics.ts";
import { SCREENSHOTS_SPEC, SCREENSHOTS_SPEC_PATH } from "./screenshots.ts";
import { NOTIFICATIONS_MODULE_PATH, notificationRoutes, renderNotificationsModule } from "./notifications.ts";
import { NOTIFICATIONS_SPEC_PATH, renderNotificationsSpec } from "./e2e-notifications.ts";
import { renderViewsSpec, VIEWS_SPEC_PATH } from "./e2e-views.ts";
import { baseTemplateFiles, RENDERED_FROM_TEMPLATE } from "./templates.ts";

export { baseTemplateFiles, TEMPLATE_ROOT } from "./templates.ts";
export { creatable, defaultRoleCan } from "./e2e.ts";

/**
 * Files of earlier stages that the project includes (migrations, seed, shim, openapi.json, ui.json) are passed in
 * as artifacts and returned unchanged, so one call yields a project that builds and runs on its own.
 */
export type StageArtifacts = readonly GeneratedFile[];

export function renderProject(manifest: Manifest, artifacts: StageArtifacts = []): GeneratedFile[] {
  const files = new Map<string, string>();
  const add = (path: string, content: string) => {
    if (files.has(path)) throw new Error(`files stage: two files want the path ${path}`);
    files.set(path, content);
  };
  for (const file of baseTemplateFiles()) {
    if (RENDERED_FROM_TEMPLATE.has(file.path)) continue;
    add(file.path, file.content);
  }
  const packageTemplate = baseTemplateFiles().find((f) => f.path === "package.json");
  if (!packageTemplate) throw new Error("templates/base/package.json is missing");
  add("package.json", renderPackageJson(manifest, packageTemplate.content));
  add("README.md", renderReadme(manifest));
  add("app/theme.css", renderThemeCss(manifest));
  add("lib/app-config.ts", renderAppConfig(manifest));
  add(`${ENTITIES_DIR}/index.ts`, renderEntityIndex(manifest));
  for (const entity of manifest.entities) {
    add(entityModulePath(entity), renderEntityModule(manifest, entity));
    for (const page of entityPages(entity, manifest)) add(page.path, page.content);
    add(entitySpecPath(entity), renderEntitySpec(manifest, entity));
    const actionSpec = renderActionSpec(manifest, entity);
    if (actionSpec) add(actionSpecPath(entity), actionSpec);
  }
  add(STATISTICS_MODULE_PATH, renderStatisticsModule(manifest));
  add(CHART_LOADER_PATH, renderChartLoader(manifest));
  for (const route of statisticRoutes(manifest)) add(route.path, route.content);
  const statisticsSpec = renderStatisticsSpec(manifest);
  if (statisticsSpec) add(STATISTICS_SPEC_PATH, statisticsSpec);
  const isolation = renderIsolationSpec(manifest);
  if (isolation) add(ISOLATION_SPEC_PATH, isolation);
  const relations = renderRelationsSpec(manifest);
  if (relations) add(RELATIONS_SPEC_PATH, relations);
  const viewsSpec = renderViewsSpec(manifest);
  if (viewsSpec) add(VIEWS_SPEC_PATH, viewsSpec);
  add(SCREENSHOTS_SPEC_PATH, SCREENSHOTS_SPEC);
  add(NOTIFICATIONS_MODULE_PATH, renderNotificationsModule(manifest));
  for (const route of notificationRoutes(manifest)) add(route.path, route.content);
  const notificationsSpec = renderNotificationsSpec(manifest);
  if (notificationsSpec) add(NOTIFICATIONS_SPEC_PATH, notificationsSpec);
  for (const artifact of artifacts) if (!files.has(artifact.path)) add(artifact.path, artifact.content);
  return [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, content]) => ({ path, content }));
}

/** Paths renderProject produces for this manifest (without artifacts): what the files stage owns. */
export function generatedPaths(manifest: Manifest): string[] {
  return renderProject(manifest).map((file) => file.path);
}
