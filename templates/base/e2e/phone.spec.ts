// At phone width (390 px) every list, detail and form page fits the screen: nothing scrolls sideways except inside
// a table's own container, and the page starts right under the navigation.
import { expect, test, type Page } from "@playwright/test";

import { entities } from "../lib/entities";
import { sampleInput, signIn } from "./support";

test.use({ viewport: { width: 390, height: 844 } });

async function expectFits(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${path} is ${scrollWidth} px wide on a ${innerWidth} px screen`).toBeLessThanOrEqual(innerWidth);
  const gap = await page.evaluate(() => {
    const nav = document.querySelector('[data-testid="sidebar"]')?.getBoundingClientRect();
    const header = document.querySelector("header")?.getBoundingClientRect();
    return nav && header ? header.top - nav.bottom : 0;
  });
  expect(gap, `${path}: the page starts ${gap} px below the navigation`).toBeLessThanOrEqual(1);
}

test("list, detail and form pages fit a phone screen", async ({ page }) => {
  test.setTimeout(30_000 + entities.length * 15_000);
  await signIn(page);
  for (const { definition: entity } of entities) {
    await expectFits(page, `/${entity.path}`);
    await expectFits(page, `/${entity.path}/new`);
    const list = await page.request.get(`/api/${entity.path}?per_page=1`);
    let id = list.ok() ? ((await list.json()).data as { id: string }[])[0]?.id : undefined;
    if (!id && list.ok()) {
      const created = await page.request.post(`/api/${entity.path}`, { data: await sampleInput(page.request, entity) });
      if (created.status() === 201) id = ((await created.json()) as { id: string }).id;
    }
    if (id) await expectFits(page, `/${entity.path}/${id}`);
  }
});
