import { describe, expect, it } from "vitest";
import {
  csrfMatches,
  csrfToken,
  newSession,
  parseCookies,
  secretMatches,
  signCookie,
  verifyCookie,
  SESSION_TTL_MS,
  type Session,
} from "../../app/web/session.ts";

const SECRET = "s".repeat(40);
const NOW = Date.parse("2030-01-10T12:00:00Z");
const session = newSession({ login: "alice", admin: [{ id: 7, account: "acme" }], repos: ["other/repo"] }, NOW);

describe("signed session cookies", () => {
  it("round-trips a session until it expires after 8 hours", () => {
    const cookie = signCookie("session", session, SECRET);
    expect(verifyCookie<Session>("session", cookie, SECRET, NOW + 1000)).toEqual({ ok: true, value: session });
    expect(session.exp).toBe(NOW + SESSION_TTL_MS);
    expect(verifyCookie<Session>("session", cookie, SECRET, NOW + SESSION_TTL_MS)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("compresses: a thousand repositories fit in a cookie", () => {
    const big = { ...session, repos: Array.from({ length: 1000 }, (_, i) => `acme-corp/service-${i}`) };
    const cookie = signCookie("session", big, SECRET);
    expect(cookie.length).toBeLessThan(JSON.stringify(big).length / 4);
    expect(verifyCookie<Session>("session", cookie, SECRET, NOW)).toMatchObject({
      ok: true,
      value: { repos: big.repos },
    });
  });

  const cookie = signCookie("session", session, SECRET);
  const [payload = "", signature = ""] = cookie.split(".");
  const forgedPayload = signCookie(
    "session",
    { ...session, login: "mallory", admin: [{ id: 1, account: "everyone" }] },
    SECRET,
  ).split(".")[0];
  it.each([
    ["another secret", signCookie("session", session, "x".repeat(40)), "signature"],
    ["payload swapped, signature kept", `${forgedPayload}.${signature}`, "signature"],
    [
      "one signature character changed",
      `${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`,
      "signature",
    ],
    ["signature cut short", `${payload}.${signature.slice(0, 10)}`, "signature"],
    ["no signature", payload, "malformed"],
    ["a state cookie passed as a session", signCookie("oauth-state", session, SECRET), "signature"],
    ["garbage", "%%%.###", "signature"],
  ])("rejects %s", (_name, value, reason) => {
    expect(verifyCookie<Session>("session", value, SECRET, NOW)).toEqual({ ok: false, reason });
  });

  it("CSRF tokens are bound to the sign-in", () => {
    const other = newSession({ login: "alice", admin: [], repos: [] }, NOW);
    const token = csrfToken(session, SECRET);
    expect(csrfMatches(session, token, SECRET)).toBe(true);
    expect(csrfMatches(other, token, SECRET)).toBe(false);
    expect(csrfMatches(session, undefined, SECRET)).toBe(false);
    expect(csrfMatches(session, token.slice(1), SECRET)).toBe(false);
  });

  it("compares secrets by value", () => {
    expect(secretMatches("token-1", "token-1")).toBe(true);
    expect(secretMatches("token-1", "token-2")).toBe(false);
    expect(secretMatches("", "token-1")).toBe(false);
  });

  it("parses a Cookie header, first value wins", () => {
    expect([...parseCookies("a=1; appgen_session=x.y; a=2; junk")]).toEqual([
      ["a", "1"],
      ["appgen_session", "x.y"],
    ]);
  });
});
