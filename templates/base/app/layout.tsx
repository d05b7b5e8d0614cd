import type { Metadata } from "next";

import { FlashToasts } from "@/components/flash-toasts";
import { appConfig } from "@/lib/app-config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: appConfig.name, template: `%s · ${appConfig.name}` },
  description: appConfig.description,
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-svh antialiased">
        {children}
        <FlashToasts />
      </body>
    </html>
  );
}
