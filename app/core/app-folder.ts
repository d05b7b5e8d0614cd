// The folder a generated app lives in (config.path, `appgen generate --root`): one rule for every way of naming it.
// The app's files are written there by appgen and patched by auto-fix, so the folder must be an ordinary folder of
// the repository: not outside it, not git's own (.git, which holds hooks), and not .github (workflows and actions,
// which auto-fix may never touch) — in any letter case, since case-insensitive file systems treat .GitHub as .github.

export interface FolderProblem {
  message: string;
  fix: string;
}

const FIX = "use a folder inside the repository, e.g. 'apps/crm', or '' for the root";

/** undefined when `folder` ("" is the root) may hold an app; else what is wrong with it and the fix. */
export function appFolderProblem(folder: string): FolderProblem | undefined {
  if (folder === "") return undefined;
  if (folder.startsWith("/") || /^[A-Za-z]:/.test(folder) || folder.includes("\\")) {
    return { message: `'${folder}' is not a relative folder with '/' separators`, fix: FIX };
  }
  const segments = folder.split("/");
  if (segments.some((s) => s === ""))
    return { message: `'${folder}' has an empty segment (a doubled or trailing '/')`, fix: FIX };
  if (segments.some((s) => s === "." || s === ".."))
    return { message: `'${folder}' leaves the repository or names the current folder ('.' or '..' segment)`, fix: FIX };
  if (/^\.git/i.test(segments[0]!)) {
    return {
      message: `'${folder}' is inside '${segments[0]}', which belongs to git or GitHub (.git, .github and any folder starting with .git are refused)`,
      fix: `${FIX}; appgen writes the workflows into .github/ itself`,
    };
  }
  return undefined;
}
