import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // postgres.js opens raw TCP sockets; it must run from node_modules, not from a bundle.
  serverExternalPackages: ["postgres"],
};

export default nextConfig;
