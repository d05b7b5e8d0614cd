"use client";

import { useEffect } from "react";
import { usePathname } from "next/navigation";
import { toast } from "sonner";

import { Toaster } from "@/components/ui/sonner";
import { FLASH_COOKIE } from "@/lib/flash-cookie";

function takeFlash(): string | undefined {
  const prefix = `${FLASH_COOKIE}=`;
  const entry = document.cookie.split("; ").find((part) => part.startsWith(prefix));
  if (!entry) return undefined;
  document.cookie = `${FLASH_COOKIE}=; path=/; max-age=0; samesite=lax`;
  try {
    return decodeURIComponent(entry.slice(prefix.length));
  } catch {
    return undefined;
  }
}

function showFlash(): void {
  const message = takeFlash();
  if (message) toast.success(message);
}

/** The toaster, and the message a server action left before redirecting here (lib/flash.ts), shown once. */
export function FlashToasts() {
  const pathname = usePathname();
  useEffect(showFlash, [pathname]);
  return <Toaster position="bottom-right" closeButton />;
}

/**
 * Shows the flash when the page content it is part of appears. For a redirect to the same URL (saving the form on
 * /<path>/mine shows the row there), where the layout's toaster sees no new path; the message is taken only once.
 */
export function FlashOnArrival() {
  useEffect(showFlash, []);
  return null;
}
