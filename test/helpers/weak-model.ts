// What a weak model answers when asked for a manifest: capitalised entity, camelCase fields, a projectId foreign key,
// type synonyms, a plural relation target, and every stated pattern ignored (path, options). All of it has one obvious
// meaning, so appgen normalises it before validation instead of spending a repair round (planners/normalise.ts).
export const WEAK_MODEL_ANSWER = {
  name: "Projects",
  entities: [
    { name: "Project", path: "Projects", fields: [{ name: "Name", type: "string", required: true }] },
    {
      name: "Task",
      path: "Tasks",
      display_field: "Title",
      fields: [
        { name: "Title", type: "string", required: true },
        { name: "dueDate", type: "timestamp" },
        { name: "projectId", type: "string", required: true },
        { name: "status", type: "enum", values: ["To Do", "In Progress", "Done"], default: "To Do" },
        { name: "assignee", type: "relation", ref: "Projects" },
      ],
    },
  ],
};

/** The task fields a normalised plan has, as [name, type]. */
export const NORMALISED_TASK_FIELDS = [
  ["title", "text"],
  ["due_date", "datetime"],
  ["project", "relation"],
  ["status", "enum"],
  ["assignee", "relation"],
];
