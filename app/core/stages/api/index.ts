export { allowedRoles, allowsVisitors, describeAccess, restrictsRoles, type AccessKind } from "./access.ts";
export {
  EMAIL_PATTERN,
  fieldSchema,
  hasServerDefault,
  lengthBounds,
  MONEY_STEP,
  PHONE_PATTERN,
  requiredOnCreate,
  URL_PATTERN,
  type JsonSchema,
} from "./field-schema.ts";
export {
  apiNames,
  entityIndex,
  fieldProperties,
  isManyToMany,
  isToOne,
  LIST_CONTROL_PARAMS,
  REFS_PROPERTY,
  type EntityApiNames,
  type FieldProperty,
  type OperationIds,
} from "./names.ts";
export {
  buildOpenApi,
  DEFAULT_PER_PAGE,
  ERROR_CODES,
  listFilters,
  MAX_PER_PAGE,
  OPENAPI_PATH,
  OPENAPI_VERSION,
  rangeFilters,
  renderOpenApi,
  SESSION_COOKIE,
  sortFields,
  type ListFilter,
  type RangeFilter,
} from "./render.ts";
