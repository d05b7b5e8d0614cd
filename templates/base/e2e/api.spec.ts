import { expect, test } from "@playwright/test";

test("an unknown API path answers a JSON 404 in the API's error shape", async ({ request }) => {
  for (const method of ["GET", "POST", "DELETE"] as const) {
    const response = await request.fetch("/api/no-such-path/anywhere", { method });
    expect(response.status(), method).toBe(404);
    expect(response.headers()["content-type"], method).toContain("application/json");
    expect((await response.json()).error).toMatchObject({ code: "not_found", message: expect.stringContaining("/api/no-such-path/anywhere") });
  }
});
