import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";

import type { DbUser } from "@/lib/db";
import { SESSION_COOKIE, verifySessionToken } from "./session";

export type SessionUser = DbUser;

/** Supabase Auth when the project is configured for it; otherwise the local sign-in mode. */
export function usesSupabaseAuth(): boolean {
  return Boolean(process.env.NEXT_PUBLIC_SUPABASE_URL);
}

/** The local mode trusts any e-mail address, so a production server only offers it when told to. */
export function localSignInAllowed(): boolean {
  if (usesSupabaseAuth()) return false;
  return process.env.NODE_ENV !== "production" || process.env.ALLOW_LOCAL_SIGN_IN === "true";
}

function bearerToken(authorization: string | null): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match?.[1];
}

/** The signed-in user of this request, from a bearer token or the session cookie; null for visitors. */
export async function currentUser(): Promise<SessionUser | null> {
  const token = bearerToken((await headers()).get("authorization"));
  if (usesSupabaseAuth()) {
    const { createSupabaseServerClient } = await import("./supabase");
    const supabase = await createSupabaseServerClient();
    const { data } = token ? await supabase.auth.getUser(token) : await supabase.auth.getUser();
    return data.user ? { id: data.user.id, email: data.user.email ?? null } : null;
  }
  if (!localSignInAllowed()) return null;
  const sessionToken = token ?? (await cookies()).get(SESSION_COOKIE)?.value;
  return sessionToken ? verifySessionToken(sessionToken) : null;
}

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}
