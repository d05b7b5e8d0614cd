import Link from "next/link";

import { Button } from "@/components/ui/button";
import { signOut } from "@/app/sign-in/actions";
import { requireUser } from "@/lib/auth";
import { appConfig } from "@/lib/app-config";

export default async function AppLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const user = await requireUser();
  return (
    <div className="grid min-h-svh md:grid-cols-[15rem_1fr]">
      <aside className="bg-muted/40 border-b p-4 md:border-r md:border-b-0">
        <Link href="/" className="mb-4 block text-lg font-semibold">
          {appConfig.name}
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-1 md:flex-col">
          <Link href="/" className="hover:bg-accent rounded-md px-3 py-2 text-sm">
            Dashboard
          </Link>
          {appConfig.navigation.map((item) => (
            <Link key={item.href} href={item.href} className="hover:bg-accent rounded-md px-3 py-2 text-sm">
              {item.label}
            </Link>
          ))}
        </nav>
      </aside>
      <div className="flex flex-col">
        <header className="flex items-center justify-end gap-3 border-b px-6 py-3 text-sm">
          <span className="text-muted-foreground" data-testid="current-user">
            {user.email}
          </span>
          <form action={signOut}>
            <Button type="submit" variant="ghost" size="sm">
              Sign out
            </Button>
          </form>
        </header>
        <main className="p-6">{children}</main>
      </div>
    </div>
  );
}
