import Link from "next/link";

import { Button } from "@/components/ui/button";
import { signOut } from "@/app/sign-in/actions";
import { requireUser } from "@/lib/auth";
import { appConfig } from "@/lib/app-config";

export default async function AppLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const user = await requireUser();
  return (
    // One column on phones (navigation, then the page, with no stretched gap between them); a sidebar from md up.
    // min-w-0 lets wide content such as tables scroll inside its own container instead of widening the page.
    <div className="grid min-h-svh grid-rows-[auto_1fr] md:grid-cols-[15rem_minmax(0,1fr)] md:grid-rows-none">
      <aside className="bg-sidebar text-sidebar-foreground border-b p-4 md:border-r md:border-b-0" data-testid="sidebar">
        <Link href="/" className="mb-2 block text-lg font-semibold md:mb-4">
          {appConfig.name}
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-1 md:flex-col">
          <Link href="/" className="hover:bg-sidebar-accent hover:text-sidebar-accent-foreground rounded-md px-3 py-2 text-sm">
            Dashboard
          </Link>
          {appConfig.navigation.map((item) => (
            <Link key={item.href} href={item.href} className="hover:bg-sidebar-accent hover:text-sidebar-accent-foreground rounded-md px-3 py-2 text-sm">
              {item.label}
            </Link>
          ))}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="bg-header text-header-foreground flex items-center justify-end gap-3 border-b px-4 py-3 text-sm md:px-6">
          <span className="text-muted-foreground min-w-0 truncate" data-testid="current-user">
            {user.email}
          </span>
          <form action={signOut}>
            <Button type="submit" variant="ghost" size="sm">
              Sign out
            </Button>
          </form>
        </header>
        <main className="min-w-0 p-4 md:p-6">{children}</main>
      </div>
    </div>
  );
}
