import type { Metadata } from "next";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { usesSupabaseAuth } from "@/lib/auth";
import { appConfig } from "@/lib/app-config";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  const supabase = usesSupabaseAuth();
  return (
    <main className="flex min-h-svh items-center justify-center p-6">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">{appConfig.name}</CardTitle>
          <CardDescription>
            {supabase ? "Sign in with your e-mail address and password." : "Local sign-in: any e-mail address signs you in as that user."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SignInForm withPassword={supabase} />
        </CardContent>
      </Card>
    </main>
  );
}
