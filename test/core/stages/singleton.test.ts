// A singleton ("my profile") through the stages after planning: the database keeps one row per person, the API has
// /mine, the navigation opens that page, the generated app has its page, route and tests, and the seed gives each
// demo user one row.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { assertManifest } from "../../../app/core/manifest/index.ts";
import { buildOpenApi } from "../../../app/core/stages/api/index.ts";
import {
  DEMO_USERS,
  MIGRATION_PATH,
  renderDatabase,
  SEED_PATH,
  SEED_ROWS_PER_ENTITY,
} from "../../../app/core/stages/db/index.ts";
import { renderProject } from "../../../app/core/stages/files/index.ts";
import { renderOpenApi } from "../../../app/core/stages/api/index.ts";
import { renderUiSpec } from "../../../app/core/stages/ui/index.ts";
import { buildUiSpec } from "../../../app/core/stages/ui/render.ts";

const club = (profile: Record<string, unknown> = { singleton: true }) =>
  assertManifest({
    name: "Club",
    entities: [
      {
        name: "profile",
        ...profile,
        fields: [
          { name: "display_name", type: "text", required: true },
          { name: "bio", type: "long_text" },
        ],
      },
      {
        name: "post",
        fields: [
          { name: "title", type: "text", required: true },
          { name: "author", type: "relation", relation: { target: "profile" } },
        ],
      },
    ],
  });

function project(manifest = club()) {
  const files = renderProject(manifest, [...renderDatabase(manifest), renderOpenApi(manifest), renderUiSpec(manifest)]);
  return new Map(files.map((f) => [f.path, f.content]));
}

describe("a singleton through the stages", () => {
  it("database: one row per owner, by a unique constraint on owner_id; one seed row for each demo user", () => {
    const files = new Map(renderDatabase(club()).map((f) => [f.path, f.content]));
    const migration = files.get(MIGRATION_PATH) ?? "";
    expect(migration).toContain('constraint "profiles_owner_id_key" unique ("owner_id")');
    expect(migration.match(/owner_id_key/g)).toHaveLength(1);
    const seed = files.get(SEED_PATH) ?? "";
    const profileRows = /insert into public\."profiles"[^\n]*\n([\s\S]*?)\non conflict/.exec(seed)?.[1]?.split("\n");
    expect(profileRows).toHaveLength(Math.min(DEMO_USERS.length, SEED_ROWS_PER_ENTITY));
    const owners = profileRows?.map((row) => /^\s*\('[^']+', '([^']+)'/.exec(row)?.[1]);
    expect(new Set(owners).size).toBe(profileRows?.length);
  });

  it("API: GET and PUT /api/<path>/mine in a valid OpenAPI document; a second create answers 409", async () => {
    const doc = buildOpenApi(club()) as Record<string, any>;
    expect((await new Validator().validate(doc)).errors).toBeUndefined();
    const mine = doc.paths["/api/profiles/mine"];
    expect(Object.keys(mine).sort()).toEqual(["get", "put"]);
    expect(mine.get.operationId).toBe("getMyProfile");
    expect(mine.put.operationId).toBe("putMyProfile");
    expect(Object.keys(mine.put.responses).sort()).toEqual(["200", "201", "401", "422"]);
    expect(Object.keys(mine.get.responses).sort()).toEqual(["200", "401", "404"]);
    expect(doc.paths["/api/profiles"].post.responses["409"]).toBeDefined();
    expect(doc.paths["/api/posts"].post.responses["409"]).toBeUndefined();
    expect(doc.paths["/api/posts/mine"]).toBeUndefined();
  });

  it("UI: the navigation opens 'My profile' at /profiles/mine, other entities keep their list", () => {
    const ui = buildUiSpec(club());
    expect(ui.navigation.map((n) => [n.label, n.href])).toEqual([
      ["Dashboard", "/"],
      ["My profile", "/profiles/mine"],
      ["Posts", "/posts"],
    ]);
    const appConfig = project().get("lib/app-config.ts") ?? "";
    expect(appConfig).toContain(`{ href: "/profiles/mine", label: "My profile" }`);
  });

  it("files: the page, the route, the entity's definition and its generated tests", () => {
    const files = project();
    expect(files.get("app/(app)/profiles/mine/page.tsx")).toContain("<EntityMine entity={entity} />");
    expect(files.get("app/api/profiles/mine/route.ts")).toContain(
      "export const { GET, PUT } = mineHandlers(entity, input);",
    );
    expect(files.has("app/api/posts/mine/route.ts")).toBe(false);
    expect(files.get("lib/entities/profile.ts")).toContain(`singleton: { title: "My profile" }`);
    expect(files.get("lib/entities/post.ts")).not.toContain("singleton");
    const spec = files.get("e2e/profiles.spec.ts") ?? "";
    expect(spec).toContain('test("UI: My profile is one page');
    expect(spec).toContain("expect(second.status(), await second.text()).toBe(409);");
    expect(spec).not.toContain("UI: create, list, edit and delete");
    expect(files.get("e2e/posts.spec.ts")).toContain("UI: create, list, edit and delete");
    expect(files.get("README.md")).toContain("| `/profiles/mine` | `/api/profiles/mine` | one per user |");
  });

  it("an ordinary per-user entity has none of it", () => {
    const files = project(club({ ownership: "user" }));
    expect([...files.keys()].filter((path) => path.includes("/mine"))).toEqual([]);
    const migration = [...files.entries()].find(([path]) => path.startsWith("supabase/migrations/"))?.[1] ?? "";
    expect(migration).not.toContain("owner_id_key");
  });
});
