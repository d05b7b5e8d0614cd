"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";

import { localSignInAllowed, usesSupabaseAuth } from "@/lib/auth";
import { createSessionToken, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session";
import { asService } from "@/lib/db";
import { flash } from "@/lib/flash";

export interface SignInState {
  error?: string;
  email?: string;
}

const credentials = z.object({
  email: z.email("Enter a valid e-mail address."),
  password: z.string().optional(),
});

export async function signIn(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = credentials.safeParse({ email: formData.get("email"), password: formData.get("password") ?? undefined });
  const email = String(formData.get("email") ?? "");
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check your input.", email };

  if (usesSupabaseAuth()) {
    const { createSupabaseServerClient } = await import("@/lib/auth/supabase");
    const supabase = await createSupabaseServerClient();
    const password = parsed.data.password ?? "";
    const { error } =
      formData.get("intent") === "sign-up"
        ? await supabase.auth.signUp({ email: parsed.data.email, password })
        : await supabase.auth.signInWithPassword({ email: parsed.data.email, password });
    if (error) return { error: error.message, email };
    redirect("/");
  }

  if (!localSignInAllowed()) {
    return { error: "Sign-in is not configured: set NEXT_PUBLIC_SUPABASE_URL, or ALLOW_LOCAL_SIGN_IN=true for a test server.", email };
  }
  const normalized = parsed.data.email.toLowerCase();
  // The local stand-in for Supabase's sign-up: one auth.users row per address (a trigger gives it the default role).
  const id = await asService(async (sql) => {
    const [existing] = await sql<{ id: string }[]>`select id from auth.users where email = ${normalized}`;
    if (existing) return existing.id;
    const [created] = await sql<{ id: string }[]>`insert into auth.users (id, email) values (gen_random_uuid(), ${normalized}) returning id`;
    if (!created) throw new Error("could not create the user");
    return created.id;
  });
  (await cookies()).set(SESSION_COOKIE, createSessionToken({ id, email: normalized }), {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production" && process.env.ALLOW_LOCAL_SIGN_IN !== "true",
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  redirect("/");
}

export async function signOut(): Promise<void> {
  if (usesSupabaseAuth()) {
    const { createSupabaseServerClient } = await import("@/lib/auth/supabase");
    await (await createSupabaseServerClient()).auth.signOut();
  } else {
    (await cookies()).delete(SESSION_COOKIE);
  }
  await flash("Signed out.");
  redirect("/sign-in");
}
