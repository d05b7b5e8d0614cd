"use client";

import { Toaster as Sonner, type ToasterProps } from "sonner";

// shadcn/ui's sonner wrapper, without next-themes: the app has one theme, whose colours come from app/theme.css.
const Toaster = ({ ...props }: ToasterProps) => {
  return (
    <Sonner
      className="toaster group"
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
        } as React.CSSProperties
      }
      {...props}
    />
  );
};

export { Toaster };
