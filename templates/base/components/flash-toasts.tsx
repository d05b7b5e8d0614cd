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

/** The toaster, and the message a server action left before redirecting here (lib/flash.ts), shown once. */
export function FlashToasts() {
  const pathname = usePathname();
  useEffect(() => {
    const message = takeFlash();
    if (message) toast.success(message);
  }, [pathname]);
  return <Toaster position="bottom-right" closeButton />;
}
