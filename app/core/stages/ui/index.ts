export { FORMAT_BY_TYPE, fieldBinding, fieldControl, formatOf, validationHint } from "./fields.ts";
export { buildUiSpec, RECENT_ITEMS, renderUiSpec, UI_SPEC_PATH } from "./render.ts";
export {
  contrastRatio,
  deriveSurfaces,
  deriveTheme,
  MIN_TEXT_CONTRAST,
  mix,
  relativeLuminance,
  textColorOn,
  type SurfacePalette,
} from "./theme.ts";
export { validateUiSpec, type UiValidationResult } from "./validate.ts";
