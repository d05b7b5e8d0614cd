// Property tests across the deterministic stages: for generated manifests full of reserved words, unicode labels,
// self- and cyclic relations, the SQL applies to a real Postgres (seed included), the OpenAPI document is valid
// 3.1 and ui.json passes its schema — and the same manifest always yields the same bytes.
import { Validator } from "@seriousme/openapi-schema-validator";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../../../app/core/manifest/index.ts";
import { renderOpenApi } from "../../../app/core/stages/api/index.ts";
import { renderDatabase } from "../../../app/core/stages/db/index.ts";
import { renderUiSpec, validateUiSpec } from "../../../app/core/stages/ui/index.ts";
import { manifestArbitrary, wideManifest } from "../../helpers/manifest-arbitrary.ts";
import { startPostgres, type PostgresCluster } from "../../helpers/postgres.ts";
import { databaseFor } from "./db/database.ts";

const SEED = 20261121;
let cluster: PostgresCluster;
let databases = 0;

beforeAll(async () => {
  cluster = await startPostgres();
});

afterAll(async () => {
  await cluster?.stop();
});

async function applies(manifest: Manifest): Promise<void> {
  const sql = await databaseFor(cluster, `prop_${databases++}`, manifest);
  const [row] = await sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
  expect((row as { n: number }).n).toBeGreaterThanOrEqual(manifest.entities.length + 1);
  await sql.end();
}

async function validOpenApi(manifest: Manifest): Promise<void> {
  const result = await new Validator().validate(JSON.parse(renderOpenApi(manifest).content));
  expect(result.errors ?? [], manifest.entities.map((e) => e.name).join(",")).toEqual([]);
  expect(result.valid).toBe(true);
}

function validUi(manifest: Manifest): void {
  const result = validateUiSpec(JSON.parse(renderUiSpec(manifest).content));
  expect(result.ok ? [] : result.problems).toEqual([]);
}

describe("generated manifests", () => {
  it("yield SQL that applies with its seed", async () => {
    await fc.assert(fc.asyncProperty(manifestArbitrary({ maxEntities: 10 }), applies), { seed: SEED, numRuns: 30 });
  });

  it("yield a valid OpenAPI 3.1 document and a schema-valid ui.json", async () => {
    await fc.assert(
      fc.asyncProperty(manifestArbitrary({ maxEntities: 12 }), async (manifest) => {
        await validOpenApi(manifest);
        validUi(manifest);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("render byte-identically every time", () => {
    fc.assert(
      fc.property(manifestArbitrary({ maxEntities: 6 }), (manifest) => {
        const render = (m: Manifest) => [...renderDatabase(m), renderOpenApi(m), renderUiSpec(m)];
        const copy = JSON.parse(JSON.stringify(manifest)) as Manifest;
        expect(render(copy)).toEqual(render(manifest));
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

describe("a 60-entity manifest with chained and many-to-many relations", () => {
  const manifest = wideManifest(60);

  it("applies to Postgres with its seed", async () => {
    await applies(manifest);
  });

  it("yields valid OpenAPI and ui.json", async () => {
    await validOpenApi(manifest);
    validUi(manifest);
  });
});
