import "server-only";
import { cookies } from "next/headers";

import { FLASH_COOKIE } from "@/lib/flash-cookie";

/**
 * Leaves a message for the next page the user sees, such as "Lead created." before a redirect: a short-lived cookie
 * that components/flash-toasts.tsx shows as a toast and clears. It holds only text the app wrote, shown as text.
 */
export async function flash(message: string): Promise<void> {
  (await cookies()).set(FLASH_COOKIE, message, { path: "/", maxAge: 60, sameSite: "lax", httpOnly: false });
}
