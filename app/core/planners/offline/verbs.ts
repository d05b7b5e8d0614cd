// The planner's verb vocabularies in one place: which verbs make, choose, change or only frame a record. Each rule
// module reads the set it needs; a verb added here is known to every rule alike.

/** Verbs the manifest expresses: creating, reading, changing, deleting, finding and owning records; signing in. */
export const RECORD_ACT_VERBS: ReadonlySet<string> = new Set(
  `add create make new enter insert record log track store save keep register write post submit upload attach file
  list view see browse show display read open find search look filter sort order group page navigate
  edit update change modify rename correct fix adjust set mark move replace
  delete remove archive cancel close
  manage maintain administer organise organize handle oversee monitor follow catalog catalogue collect
  book reserve schedule plan rent borrow lend return buy sell purchase enroll enrol join attend host run teach assign
  rate review comment reply tag label categorise categorize favourite favorite bookmark star like
  sign log login signin signup authenticate access own belong link relate connect associate contain include hold`
    .trim()
    .split(/\s+/),
);

/** Verbs that carry no feature: "we need", "it should allow", "let users". */
export const FRAME_VERBS = new Set(
  `be have do want need like love wish hope allow let enable help use implement build develop design style make get go
  come take give provide support offer ensure include work load feel look seem become stay keep try start begin call
  name say tell know think expect require prefer choose decide mean happen consist base focus cover handle involve
  can could should would will shall may might must able please`
    .trim()
    .split(/\s+/),
);

/** Verbs that say nothing about what is kept: "we have", "it should be", "they want". */
export const EMPTY_VERBS = new Set([
  "be",
  "have",
  "do",
  "want",
  "need",
  "like",
  "let",
  "make",
  "get",
  "go",
  "use",
  "allow",
  "help",
  "please",
  "wish",
  "hope",
  "try",
]);

/** Verbs of choosing: what people pick is a row of a table ("pick their seats", "choose a venue"). */
export const CHOOSING_VERBS = new Set([
  "pick",
  "choose",
  "select",
  "scan",
  "mark",
  "rate",
  "assign",
  "reserve",
  "book",
  "rent",
  "order",
  "buy",
  "sell",
  "offer",
  "publish",
]);

/** Verbs that make a new row of their object: "submit an application", "file a complaint", "book a visit slot". */
export const CREATING_VERBS = new Set([
  "create",
  "submit",
  "send",
  "file",
  "open",
  "raise",
  "place",
  "request",
  "log",
  "record",
  "report",
  "write",
  "upload",
  "post",
  "book",
  "reserve",
  "issue",
  "make",
  "add",
  "enter",
  "take",
  "fill",
  "choose",
  "pick",
  "select",
]);

/** Verbs of having: "each client gets a training plan", "each resident has a care plan". */
export const HAVING_VERBS = new Set(["has", "have", "gets", "get", "receives", "receive", "keeps", "owns"]);

/** Verbs that move a record to a state: the state's option name and, for decisions, the state they start from. */
export const STATE_VERBS: Record<string, { state: string; decision: boolean; label: string }> = {
  approve: { state: "approved", decision: true, label: "Approve" },
  reject: { state: "rejected", decision: true, label: "Reject" },
  accept: { state: "accepted", decision: true, label: "Accept" },
  decline: { state: "declined", decision: true, label: "Decline" },
  confirm: { state: "confirmed", decision: true, label: "Confirm" },
  cancel: { state: "cancelled", decision: false, label: "Cancel" },
  complete: { state: "completed", decision: false, label: "Complete" },
  close: { state: "closed", decision: false, label: "Close" },
  resolve: { state: "resolved", decision: false, label: "Resolve" },
  publish: { state: "published", decision: false, label: "Publish" },
  archive: { state: "archived", decision: false, label: "Archive" },
  dispense: { state: "dispensed", decision: false, label: "Dispense" },
};
