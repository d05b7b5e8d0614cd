// The embedded default planner: prompt -> manifest with no model, no network and no key. Deterministic: the same
// prompt gives the same canonical manifest, byte for byte.
import { assertManifest, validateManifest } from "../../manifest/index.ts";
import { foreignKeyColumn, humanize, pathSegment, tableName, titleCase } from "../../naming.ts";
import type { Manifest } from "../../schema-types/manifest.ts";
import { NO_USAGE, type Planner, type PlanRequest, type PlanResult } from "../types.ts";
import { appName, summary } from "./describe.ts";
import { extract, unknownEntityName, type EntityFacts, type Extraction } from "./extract.ts";
import { mergeFields, pluralOf, relationField, shapeFields, type ExplicitField } from "./entity-shape.ts";
import type { FieldDraft } from "./field-types.ts";
import type { EnglishTagger } from "./english.ts";
import { applyInstructions } from "./instructions.ts";
import { planActions, type ActionDraft } from "./actions.ts";
import { notPlannedRequests } from "./not-planned.ts";
import { addSingletons, findSingletons, type SingletonRequest } from "./singletons.ts";
import { planComputed } from "./computed.ts";
import { planNotifications } from "./notifications.ts";
import { planStatistics } from "./statistics.ts";
import { planViews } from "./views.ts";
import { DETERMINERS, POSSESSIVES, VERBS, isPluralWord, isWord, singularWord, tokenize } from "./text.ts";
import { themeFromText } from "./theme.ts";
import { ARCHETYPES, PRIVILEGED_ROLES, ROLE_ONLY_WORDS, shapeFor, type Archetype } from "./vocabulary.ts";

export const MAX_ENTITIES = 250;
/** Field names that point at a person: typed as a relation when the app has a table of people. */
const PERSON_FIELDS = new Set([
  "assignee",
  "assigned_to",
  "owner_name",
  "responsible",
  "reporter",
  "organizer",
  "host",
]);
const AUDIENCE_ROLES = new Set([
  "member",
  "student",
  "pupil",
  "learner",
  "customer",
  "client",
  "patient",
  "tenant",
  "guest",
  "viewer",
  "volunteer",
  "attendee",
  "participant",
  "parent",
  "player",
  "reader",
  "user",
]);
const PERSON_ENTITIES = ["employee", "member", "team_member", "staff_member", "volunteer", "agent", "worker"];

export function createOfflinePlanner(): Planner {
  return {
    name: "offline",
    async plan(request: PlanRequest): Promise<PlanResult> {
      if (request.previous && request.instructions?.trim()) {
        const { manifest, changes } = applyInstructions(request.previous, request.instructions);
        return { manifest, planner: "offline", usage: { ...NO_USAGE }, notes: changes };
      }
      return { manifest: planFromPrompt(request.prompt), planner: "offline", usage: { ...NO_USAGE }, notes: [] };
    },
  };
}

interface EntityPlan {
  name: string;
  table?: string;
  path?: string;
  label?: string;
  archetype?: Archetype;
  position: number;
  facts?: EntityFacts;
  fields: FieldDraft[];
  actions?: ActionDraft[];
}

/**
 * Plans a whole manifest from a free-text description. Never throws on odd input: it falls back to one entity.
 * `tagger` is for comparing English taggers (the planner benchmark); the default is the one the planner ships with.
 */
export function planFromPrompt(prompt: string, tagger?: EnglishTagger): Manifest {
  const original = typeof prompt === "string" ? prompt : "";
  // "their profile with their name and phone": one profile per person, whose fields are no things of their own.
  const singletons = findSingletons(original);
  const text = singletons.requests.some((r) => r.fields.length > 0) ? singletons.rest : original;
  const facts = extract(text, tagger);
  const plans = chooseEntities(facts, text);
  const draft = (plans: EntityPlan[], options: BuildOptions) => ({
    ...buildDraft(text, facts, plans, options, singletons.requests),
    prompt: original.slice(0, 20000),
  });
  const result = validateManifest(draft(plans, { withRelations: true, withExplicitFields: true }));
  if (result.ok) return result.manifest;
  // A combination the rules did not foresee: keep the entities, drop what the prompt added to their shapes.
  const plain = validateManifest(draft(plans, { withRelations: false, withExplicitFields: false }));
  if (plain.ok) return plain.manifest;
  return assertManifest(
    {
      ...buildDraft(text, facts, [fallbackEntity(text)], { withRelations: false, withExplicitFields: false }),
      prompt: original.slice(0, 20000),
    },
    "the offline plan",
  );
}

function chooseEntities(facts: Extraction, prompt: string): EntityPlan[] {
  const plans = new Map<string, EntityPlan>();
  for (const e of facts.entities.values()) {
    if (e.roleOnly) continue;
    plans.set(e.name, {
      name: e.name,
      position: e.position,
      facts: e,
      fields: [],
      ...(e.label ? { label: e.label } : {}),
      ...(e.archetype ? { archetype: e.archetype } : {}),
    });
  }
  for (const implied of facts.implied) {
    if (plans.has(implied.name)) continue;
    // "members book classes" in an app that already keeps reservations or appointments uses those.
    const existing = [...plans.values()].find((p) => p.archetype?.booking && ARCHETYPES.get(implied.name)?.booking);
    if (existing) continue;
    const archetype = ARCHETYPES.get(implied.name);
    plans.set(implied.name, {
      name: implied.name,
      position: implied.position,
      fields: [],
      ...(archetype ? { archetype } : {}),
    });
  }
  if (facts.tagged.length && ![...plans.values()].some((p) => p.archetype?.tag)) {
    const archetype = ARCHETYPES.get("tag");
    plans.set("tag", {
      name: "tag",
      position: Number.MAX_SAFE_INTEGER,
      fields: [],
      ...(archetype ? { archetype } : {}),
    });
  }
  // "software licenses ... each license has": a later bare head noun is the compound named before it.
  const byHead = new Map<string, EntityPlan[]>();
  for (const p of plans.values()) {
    const head = p.name.slice(p.name.lastIndexOf("_") + 1);
    if (p.name.includes("_")) byHead.set(head, [...(byHead.get(head) ?? []), p]);
  }
  for (const plan of [...plans.values()]) {
    if (plan.archetype || plan.name.includes("_")) continue;
    const compounds = (byHead.get(plan.name) ?? []).filter((p) => p.position < plan.position);
    const [compound] = compounds;
    if (compounds.length !== 1 || !compound) continue;
    if (compound.facts && plan.facts) compound.facts.fields.push(...plan.facts.fields);
    else if (plan.facts) compound.facts = plan.facts;
    plans.delete(plan.name);
  }
  const ordered = [...plans.values()].sort((a, b) => a.position - b.position);
  const tables = new Set<string>();
  const paths = new Set<string>();
  const kept: EntityPlan[] = [];
  for (const plan of ordered) {
    const table = tableName(plan.name);
    const path = pathSegment(plan.name);
    if (tables.has(table) || paths.has(path)) continue;
    tables.add(table);
    paths.add(path);
    kept.push({ ...plan, table, path });
    if (kept.length === MAX_ENTITIES) break;
  }
  const names = new Set(kept.map((p) => p.name));
  for (const plan of kept) {
    // An ambiguous word ("positions", "openings", "parts") means the vocabulary's sense only among the things that
    // sense goes with (a job opening with departments); elsewhere it is the prompt's own thing, shaped by the prompt.
    const links = plan.archetype?.links ?? [];
    if (plan.archetype?.listOnly && links.length && !links.some((l) => l.targets.some((t) => names.has(t))))
      delete plan.archetype;
  }
  return kept.length ? kept : [fallbackEntity(prompt)];
}

/**
 * The main noun of a prompt that names no known entity: the first plural noun phrase ("users submit feature
 * requests" -> feature_request), else the first noun after "a"/"my" ("something for my garden" -> garden), else "item".
 */
function fallbackEntity(prompt: string): EntityPlan {
  const sentences = tokenize(prompt);
  for (const sentence of sentences) {
    for (let i = 0; i < sentence.length; i++) {
      const t = sentence[i];
      if (!isWord(t) || !isPluralWord(t.word) || (i > 0 && !isWord(sentence[i - 1]))) continue;
      const words = [sentence[i - 1], t]
        .filter(isWord)
        .map((w) => w.word)
        .filter((w) => !VERBS.has(w) || w === t.word);
      const name = unknownEntityName(words) ?? unknownEntityName([t.word]);
      if (name && i > 0 && (VERBS.has(sentence[i - 1]?.word ?? "") || VERBS.has(sentence[i - 2]?.word ?? "")))
        return { name, position: 0, fields: [] };
    }
  }
  for (const sentence of sentences) {
    for (let i = 1; i < sentence.length; i++) {
      const prev = sentence[i - 1];
      const t = sentence[i];
      if (!isWord(prev) || !isWord(t) || !(DETERMINERS.has(prev.word) || POSSESSIVES.has(prev.word))) continue;
      const name = unknownEntityName([t.word]);
      if (name && /^[a-z]/.test(t.word)) return { name, position: 0, fields: [] };
    }
  }
  return { name: "item", position: 0, fields: [] };
}

interface BuildOptions {
  withRelations: boolean;
  withExplicitFields: boolean;
}

interface RelationPlan {
  from: string;
  to: string;
  manyToMany: boolean;
  required: boolean;
  cascade: boolean;
}

function buildDraft(
  prompt: string,
  facts: Extraction,
  plans: EntityPlan[],
  options: BuildOptions,
  singletons: SingletonRequest[] = [],
): Record<string, unknown> {
  const names = new Set(plans.map((p) => p.name));
  const byName = new Map(plans.map((p) => [p.name, p]));
  for (const plan of plans) plan.fields = baseFields(plan, names, prompt, options.withExplicitFields);
  if (options.withRelations) {
    for (const relation of planRelations(facts, plans, names, byName, prompt))
      addRelationField(byName.get(relation.from), relation);
  }

  const roles = planRoles(facts);
  const roleNames = new Set(roles.map((r) => r.name));
  if (options.withExplicitFields) {
    const roleOf = (word: string) => {
      const role = ROLE_ONLY_WORDS.get(word) ?? singularWord(word);
      return roleNames.has(role) ? role : undefined;
    };
    planActions(facts.sentences, plans, roleOf);
  }
  // A tracker made only of personal things (expenses, workouts, habits) is kept per user even when the prompt
  // does not say "my"; one personal noun in a shared app (a wedding budget) is not.
  const personal = facts.personal || (!facts.collaborative && plans.every((p) => p.archetype?.personal));
  const entities = plans.map((plan) => {
    const ownership = personal ? "user" : "shared";
    const access = {
      read: ["*"],
      write: ["*"],
      manage: ownership === "user" && roleNames.has("admin") ? ["admin"] : ([] as string[]),
    };
    for (const rule of facts.access) {
      if (rule.entities !== "all" && !rule.entities.includes(plan.name)) continue;
      const allowed = [
        ...new Set([...rule.roles.filter((r) => roleNames.has(r)), ...(roleNames.has("admin") ? ["admin"] : [])]),
      ];
      if (allowed.length === 0) continue;
      access.write = allowed;
      if (rule.kind === "read") access.read = allowed;
    }
    const required = plan.fields.find((f) => f.required && f.type !== "relation");
    const label = (plan.label ?? humanize(plan.name)).slice(0, 80);
    return {
      name: plan.name,
      label,
      plural_label: pluralOf(label).slice(0, 80),
      table: plan.table ?? tableName(plan.name),
      path: plan.path ?? pathSegment(plan.name),
      ownership,
      access,
      fields: plan.fields,
      ...(required ? { display_field: required.name } : {}),
      ...(plan.actions?.length ? { actions: plan.actions } : {}),
    };
  });

  const labels = plans.map((p) => pluralOf(p.label ?? humanize(p.name)));
  const fallbackName =
    plans[0]?.name === "item" && !facts.entities.size ? "My App" : `${titleCase(plans[0]?.name ?? "item")} Manager`;
  const manifest: Record<string, unknown> = {
    name: appName(prompt, fallbackName),
    description: summary({ entityLabels: labels, roles: roles.map((r) => r.name), personal }),
    prompt: prompt.slice(0, 20000),
    theme: themeFromText(prompt),
    auth: {
      required: true,
      providers: facts.providers.length ? [...facts.providers].sort() : ["email"],
      ...(roles[0] ? { default_role: roles[0].name } : {}),
    },
    ...(roles.length ? { roles } : {}),
    entities,
    ...withNotifications(
      planNotifications(prompt, entities, addSingletons(singletons, entities, notPlanned(facts, plans))),
      (rest) => planStatistics(prompt, entities, planComputed(prompt, entities, rest)),
    ),
    // Written out (same titles completion would derive) so completion need not look each entity up per page.
    pages: [
      { kind: "dashboard", title: "Dashboard" },
      ...entities.flatMap((e) => [
        { kind: "list", entity: e.name, title: e.plural_label },
        { kind: "detail", entity: e.name, title: e.label },
        { kind: "form", entity: e.name, title: `${e.label} form`.slice(0, 80) },
      ]),
      ...planViews(prompt, entities),
    ],
  };
  return manifest;
}

function baseFields(plan: EntityPlan, names: Set<string>, prompt: string, withExplicit: boolean): FieldDraft[] {
  const base = shapeFields(plan.archetype, prompt);
  const listed: ExplicitField[] = [];
  for (const mention of withExplicit ? (plan.facts?.fields ?? []) : []) {
    const field = explicitField(mention.field, mention.entity, plan.name, names);
    if (field) listed.push({ field, optionsGiven: mention.optionsGiven });
  }
  return mergeFields(base, listed, plan.archetype !== undefined);
}

function explicitField(
  field: FieldDraft,
  entityRef: string | undefined,
  self: string,
  names: Set<string>,
): FieldDraft | undefined {
  const target =
    entityRef && names.has(entityRef) && entityRef !== self
      ? entityRef
      : names.has(field.name) && field.name !== self
        ? field.name
        : undefined;
  if (target) return relationField(target, false, self);
  if (PERSON_FIELDS.has(field.name)) {
    const person = PERSON_ENTITIES.find((p) => names.has(p) && p !== self);
    if (person) return { name: field.name, type: "relation", relation: { target: person } };
  }
  return field;
}

function addRelationField(plan: EntityPlan | undefined, relation: RelationPlan): void {
  if (!plan) return;
  const field = relationField(relation.to, relation.manyToMany, plan.name);
  if (relation.required) field.required = true;
  if (relation.cascade && field.relation) field.relation.on_delete = "cascade";
  const at = plan.fields.findIndex((f) => f.name === field.name);
  if (at >= 0) {
    if (plan.fields[at]?.type === "relation") return;
    plan.fields[at] = field;
    return;
  }
  if (plan.fields.some((f) => f.type !== "relation" && foreignKeyColumn(field.name) === f.name)) return;
  // Relations sit right after the field that names a row, so list pages show them early.
  const firstRelation = plan.fields.findIndex((f, i) => i > 0 && f.type !== "relation");
  plan.fields.splice(firstRelation < 0 ? plan.fields.length : firstRelation, 0, field);
}

function planRelations(
  facts: Extraction,
  plans: EntityPlan[],
  names: Set<string>,
  byName: Map<string, EntityPlan>,
  prompt: string,
): RelationPlan[] {
  const relations: RelationPlan[] = [];
  const pairs = new Set<string>();
  const linked = (a: string, b: string) => pairs.has(`${a}>${b}`) || pairs.has(`${b}>${a}`);
  const hasExplicit = (from: string, to: string) =>
    byName.get(from)?.fields.some((f) => f.relation?.target === to) ?? false;
  const add = (from: string, to: string, link: Partial<RelationPlan>) => {
    if (
      from === to ||
      !names.has(from) ||
      !names.has(to) ||
      linked(from, to) ||
      hasExplicit(from, to) ||
      hasExplicit(to, from)
    )
      return;
    pairs.add(`${from}>${to}`);
    relations.push({
      from,
      to,
      manyToMany: link.manyToMany ?? false,
      required: link.required ?? false,
      cascade: link.cascade ?? false,
    });
  };
  const shapeOf = (name: string) => {
    const archetype = byName.get(name)?.archetype;
    return archetype ? shapeFor(archetype, prompt) : undefined;
  };
  const linkOf = (from: string, to: string) => shapeOf(from)?.links.find((l) => l.targets.includes(to));

  for (const hint of [...facts.relations].sort((a, b) =>
    a.strength === b.strength ? 0 : a.strength === "strong" ? -1 : 1,
  )) {
    let { from, to } = hint;
    if (hint.strength === "weak" && !linkOf(from, to) && linkOf(to, from)) [from, to] = [to, from];
    const link = linkOf(from, to);
    add(from, to, { manyToMany: hint.manyToMany ?? link?.manyToMany ?? false, cascade: link?.cascade ?? false });
  }
  const tagEntity = plans.find((p) => p.archetype?.tag)?.name;
  if (tagEntity) for (const subject of facts.tagged) add(subject, tagEntity, { manyToMany: true });
  for (const plan of plans) {
    const shape = shapeOf(plan.name);
    for (const link of shape?.links ?? []) {
      // "tickets for sessions" already chose one of ticket's alternatives (event|session); do not add the other.
      if (link.targets.some((t) => pairs.has(`${plan.name}>${t}`) || hasExplicit(plan.name, t))) continue;
      const target = link.targets.find((t) => names.has(t) && t !== plan.name);
      if (target) add(plan.name, target, link);
    }
  }
  for (const implied of facts.implied) {
    const target = names.has(implied.name)
      ? implied.name
      : [...names].find((n) => byName.get(n)?.archetype?.booking && ARCHETYPES.get(implied.name)?.booking);
    if (!target) continue;
    for (const other of implied.links) add(target, other, { required: false });
  }
  return relations;
}

function planRoles(facts: Extraction): { name: string }[] {
  const names = [...new Set(facts.roles)].filter((r) => /^[a-z][a-z0-9_]*$/.test(r)).slice(0, 19);
  for (const rule of facts.access)
    for (const r of rule.roles) if (!names.includes(r) && names.length < 19) names.push(r);
  if (names.length === 0) return [];
  // The first role is the one a new sign-up gets: the audience (students, customers) rather than the staff.
  const ordinary = names.filter((r) => !PRIVILEGED_ROLES.has(r));
  const audience = ordinary.filter((r) => AUDIENCE_ROLES.has(r));
  const ordered = ordinary.length
    ? [...audience, ...ordinary.filter((r) => !AUDIENCE_ROLES.has(r)), ...names.filter((r) => PRIVILEGED_ROLES.has(r))]
    : ["member", ...names];
  return ordered.map((name) => ({ name }));
}

function notPlanned(facts: Extraction, plans: EntityPlan[]): { not_planned?: string[] } {
  // An act the plan turned into an action ("approve", "check in", "place a bid") is built, not a request left over.
  const acts = new Set(plans.flatMap((p) => (p.actions ?? []).flatMap((a) => a.name.split("_"))));
  const requests = notPlannedRequests(facts.sentences, new Set(plans.map((p) => p.name)), acts);
  return requests.length ? { not_planned: requests } : {};
}

/** The notifications planned, beside what the later planners make of the requests still not planned. */
function withNotifications(
  planned: { notifications?: Record<string, unknown>[]; not_planned?: string[] },
  next: (rest: { not_planned?: string[] }) => Record<string, unknown>,
): Record<string, unknown> {
  const { notifications, ...rest } = planned;
  return { ...(notifications ? { notifications } : {}), ...next(rest) };
}
