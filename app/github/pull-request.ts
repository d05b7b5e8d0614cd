// The words of a failed GitHub request, for a progress comment or a log line.
/** GitHub's validation errors carry the reason in response.data.errors[].message. */
export function errorText(error: unknown): string {
  const data = (error as { response?: { data?: { message?: string; errors?: { message?: string; code?: string }[] } } }).response?.data;
  const parts = [data?.message, ...(data?.errors ?? []).map((e) => e.message ?? e.code)].filter(Boolean);
  return parts.length ? parts.join(": ") : error instanceof Error ? error.message : String(error);
}
