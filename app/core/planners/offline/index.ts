export { createOfflinePlanner, planFromPrompt } from "./offline-planner.ts";
export { applyInstructions } from "./instructions.ts";
export { themeFromText } from "./theme.ts";
