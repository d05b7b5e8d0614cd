// Loads .github/appgen.yml through Probot (the repository's default branch, then the organisation's .github
// repository) and resolves it within the operator's limits. A broken file, or one asking for more than the operator
// allows, is the repository owner's to fix: the handler says so on the issue and stops.
import type { Context } from "probot";
import { CONFIG_FILE, CONFIG_PATH, DEFAULT_CONFIG, resolveConfig, type ResolvedConfig } from "../core/config.ts";
import { AppgenError, describeError } from "../core/errors.ts";
import type { OperatorLimits } from "../core/limits.ts";

/** notAllowed: the file is valid but asks for more than the operator allows (CONFIG_NOT_ALLOWED). */
export type ConfigResult =
  { ok: true; config: ResolvedConfig } | { ok: false; message: string; raw: unknown; notAllowed?: boolean };

export async function loadConfig(context: Context, operator: OperatorLimits): Promise<ConfigResult> {
  let raw: unknown;
  try {
    raw = await context.config<Record<string, unknown>>(CONFIG_FILE);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== undefined) throw error; // GitHub itself failed: let Probot log it and GitHub redeliver
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      message: `${CONFIG_PATH} could not be read: ${detail.replace(/^\[@probot\/octokit-plugin-config\] /, "")}`,
      raw: undefined,
    };
  }
  try {
    return { ok: true, config: resolveConfig(raw, operator) };
  } catch (error) {
    if (error instanceof AppgenError)
      return {
        ok: false,
        message: describeError(error),
        raw,
        ...(error.code === "CONFIG_NOT_ALLOWED" ? { notAllowed: true } : {}),
      };
    throw error;
  }
}

/** The label or command a broken config file most likely meant, so its error is reported only where it matters. */
export function intendedSetting(raw: unknown, key: "label" | "command"): string {
  const value = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" && value ? value : DEFAULT_CONFIG[key];
}

export function configErrorComment(message: string, notAllowed = false): string {
  return [
    notAllowed
      ? "appgen did not run: its configuration asks for more than this appgen server allows."
      : `appgen did not run: its configuration is invalid.`,
    "",
    "```",
    message,
    "```",
    "",
    `Fix \`${CONFIG_PATH}\` on the default branch (or in the organisation's \`.github\` repository), then apply the label again.`,
  ].join("\n");
}
