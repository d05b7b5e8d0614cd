// Every /api path that no entity route serves: a 404 in the API's JSON error shape, not Next's HTML page, so a
// client that mistypes a path gets an answer it can parse. Entity routes are more specific and always win.
import { AppError } from "@/lib/errors";

function unknownPath(request: Request): Response {
  const { pathname } = new URL(request.url);
  const error = new AppError(404, "not_found", `There is no API at ${pathname}. appgen/openapi.json lists the paths this app serves.`);
  return Response.json(error.toBody(), { status: 404 });
}

export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
