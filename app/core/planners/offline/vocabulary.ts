// The archetypes the offline planner knows: entity nouns with the typed fields a person would expect, and the
// entities each one usually points at. Written in a compact notation so the list stays readable:
//   fields: "name!, sku*, price:money, stage(new|won|lost)=new, quantity:integer[1..]=1"
//     ! required, * unique, :type explicit type (otherwise inferred from the name like any prompt field),
//     (a|b) enum options, =x default, [min..max] bounds.
//   links: "company|organization !patient ^order *tag"
//     a|b  first of these entities present in the app; ! required; ^ required and deleted with its parent;
//     * many-to-many (field named after the plural target).
//   traits: personal (a tracker people keep for themselves), mass (an uncountable noun: counts without "a"),
//     listOnly (too ambiguous to count unless listed next to other entities), person, booking, tag.
import { inferField, type FieldDraft } from "./field-types.ts";

export interface Link {
  targets: string[];
  required: boolean;
  cascade: boolean;
  manyToMany: boolean;
}

export interface Shape {
  fields: FieldDraft[];
  links: Link[];
}

export interface Archetype extends Shape {
  /** Entity name, e.g. "lead", "order_item". */
  name: string;
  personal: boolean;
  mass: boolean;
  listOnly: boolean;
  person: boolean;
  booking: boolean;
  tag: boolean;
  /** Another shape when the prompt's context says so (an event ticket vs a support ticket). */
  variants: { when: RegExp; shape: Shape }[];
}

interface Source {
  names: string;
  fields: string;
  links?: string;
  traits?: string;
  variants?: { when: RegExp; fields: string; links?: string }[];
}

const SUPPORT_TICKET = {
  fields:
    "subject!, description:long_text, priority(low|normal|high|urgent)=normal, status(open|pending|resolved|closed)=open",
  links: "customer|client|contact|member|employee agent|staff_member|employee",
};
const BOOKING_FIELDS =
  "starts_at:datetime!, ends_at:datetime, guests:integer[1..]=1, status(pending|confirmed|cancelled)=pending, notes";

const SOURCES: Source[] = [
  // Sales and customers
  {
    names: "lead prospect",
    fields: "name!, email, phone, company, status(new|contacted|qualified|lost)=new, source, notes",
    links: "company|organization|organisation|account",
    traits: "person",
  },
  {
    names: "contact",
    fields: "name!, email, phone, job_title, notes",
    links: "company|organization|organisation|customer|client|account",
    traits: "person",
  },
  {
    names: "customer client buyer shopper patron borrower",
    fields: "name!, email, phone, address, notes",
    traits: "person",
  },
  { names: "company organization organisation", fields: "name!, website, industry, phone, address, notes" },
  {
    names: "deal opportunity",
    fields:
      "title!, value:money, stage(prospecting|qualified|proposal|negotiation|won|lost)=prospecting, close_date, notes",
    links: "company|organization|organisation|customer|client|account contact|lead",
  },
  {
    names: "quote estimate proposal",
    fields: "title!, amount:money, status(draft|sent|accepted|declined)=draft, valid_until:date, notes",
    links: "customer|client|company|lead deal|project",
  },
  {
    names: "contract agreement",
    fields: "title!, start_date, end_date, value:money, status(draft|active|expired|terminated)=draft, notes",
    links: "customer|client|company|supplier|vendor|employee",
  },
  {
    names: "meeting",
    fields: "title!, starts_at:datetime!, ends_at:datetime, location, notes",
    links: "contact|lead|customer|client|project",
  },
  {
    names: "activity interaction",
    fields: "subject!, type(call|email|meeting|note)=call, occurred_at:datetime=now, notes",
    links: "contact|lead|customer|client deal",
  },
  // Commerce
  {
    names: "product",
    fields: "name!, sku, description:long_text, price:money, stock_quantity:integer=0, active:boolean=true",
    links: "category supplier|vendor|manufacturer *tag",
  },
  {
    names: "service treatment",
    fields: "name!, description, duration_minutes:integer, price:money",
    links: "category",
  },
  {
    names: "order",
    fields:
      "order_number, order_date:date=now, status(pending|paid|shipped|delivered|cancelled)=pending, total:money, notes",
    links: "customer|client|buyer|member|guest|patient",
  },
  {
    names: "order_item",
    fields: "quantity:integer[1..]=1!, unit_price:money, notes",
    links: "^order|purchase_order|invoice product|menu_item|stock_item|service|pizza",
  },
  {
    names: "line_item",
    fields: "description:text!, quantity:integer[1..]=1, unit_price:money",
    links: "^invoice|purchase_order|order|quote product|stock_item|service",
  },
  {
    names: "coupon discount promotion",
    fields: "code!*, description, percent_off:decimal[0..100], valid_until:date, active:boolean=true",
  },
  {
    names: "review testimonial rating",
    fields: "rating:integer[1..5]!, title, body:long_text",
    links: "product|book|recipe|property|restaurant|course|service|hotel|movie customer|client|member|guest",
  },
  {
    names: "menu_item dish",
    fields: "name!, description, price:money!, available:boolean=true",
    links: "category|menu",
  },
  { names: "menu", fields: "name!, description, active:boolean=true" },
  { names: "table", fields: "name!, seats:integer, location, status(free|occupied|reserved)=free", traits: "listOnly" },
  {
    names: "subscription",
    fields:
      "name!, price:money, billing_period(monthly|yearly)=monthly, start_date, renews_on:date, status(active|paused|cancelled)=active",
    links: "customer|client|member plan|membership_plan",
  },
  { names: "cart wishlist", fields: "name!, notes", links: "customer|client|member" },
  { names: "branch outlet", fields: "name!, address, phone" },
  // Money
  {
    names: "invoice bill",
    fields:
      "invoice_number!, issue_date:date=now, due_date, amount:money, status(draft|sent|paid|overdue)=draft, notes",
    links:
      "customer|client|company|tenant|patient|owner|donor|member|guest order|project|case|booking|lease|reservation|rental",
  },
  {
    names: "payment",
    fields: "reference, amount:money!, paid_on:date=now, method(card|cash|bank_transfer|other)=card, notes",
    links:
      "invoice|rental|order|booking|lease|reservation|membership|subscription customer|client|member|tenant|guest|student|pupil|patient",
  },
  {
    names: "expense",
    fields: "description:text!, amount:money!, date=now, paid:boolean=false, notes",
    links: "category trip|project employee|member",
    traits: "personal",
  },
  {
    names: "budget",
    fields: "name!, amount:money!, start_date, end_date, notes",
    links: "category|project|trip|department",
    traits: "personal",
  },
  {
    names: "account",
    fields: "name!, type(checking|savings|credit|cash)=checking, balance:money=0, currency",
    traits: "personal",
  },
  {
    names: "transaction",
    fields: "description:text!, amount:money!, date=now, type(income|expense|transfer)=expense, notes",
    links: "account category",
    traits: "personal",
  },
  {
    names: "income",
    fields: "source!, amount:money!, date=now, notes",
    links: "account category",
    traits: "personal mass",
  },
  {
    names: "donation gift",
    fields: "amount:money!, donated_on:date=now, payment_method(card|cash|bank_transfer|check)=card, notes",
    links: "donor campaign|fund",
  },
  { names: "donor sponsor_contact", fields: "name!, email, phone, address, notes", traits: "person" },
  { names: "campaign fundraiser appeal", fields: "name!, goal:money, start_date, end_date, description:long_text" },
  {
    names: "grant",
    fields: "title!, funder, amount:money, deadline:date, status(draft|submitted|awarded|rejected)=draft",
  },
  // Bookings and hospitality
  {
    names: "booking",
    fields: BOOKING_FIELDS,
    links:
      "member|customer|client|guest|patient|student|attendee class|room|session|venue|vehicle|table|court|resource|service|trip|event|tour",
    traits: "booking",
  },
  {
    names: "reservation",
    fields: BOOKING_FIELDS,
    links: "guest|customer|client|member room|table|vehicle|venue|court|resource",
    traits: "booking",
  },
  {
    names: "room",
    fields: "name!, capacity:integer, floor:integer, status(available|occupied|maintenance)=available",
    links: "room_type|venue|property|hotel|building",
  },
  { names: "room_type", fields: "name!, description, nightly_rate:money, capacity:integer" },
  { names: "guest visitor", fields: "name!, email, phone, notes", traits: "person" },
  { names: "court resource desk", fields: "name!, description, capacity:integer", traits: "listOnly" },
  {
    names: "tour excursion",
    fields: "name!, starts_at:datetime, duration_minutes:integer, price:money, capacity:integer",
  },
  // Health
  { names: "patient", fields: "name!, date_of_birth:date, email, phone, address, notes", traits: "person" },
  {
    names:
      "doctor dentist vet veterinarian therapist physician nurse practitioner physiotherapist clinician stylist hairdresser barber",
    fields: "name!, specialty, email, phone",
    traits: "person",
  },
  {
    names: "appointment visit consultation",
    fields:
      "starts_at:datetime!, ends_at:datetime, reason, status(scheduled|completed|cancelled|no_show)=scheduled, notes",
    links:
      "!patient|pet|client|customer|owner|member|student doctor|dentist|vet|veterinarian|therapist|physician|nurse|practitioner|stylist|hairdresser|barber|employee|staff_member|trainer|agent|lawyer service",
    traits: "booking",
  },
  {
    names: "prescription",
    fields: "medication!, dosage, frequency:text, start_date, end_date, notes",
    links: "!patient|pet doctor|dentist|vet|veterinarian|physician appointment",
  },
  { names: "medication medicine drug", fields: "name!, dosage, form, notes" },
  { names: "lab_result test_result", fields: "test_name!, result, unit, taken_on:date, notes", links: "!patient" },
  { names: "pet animal", fields: "name!, species, breed, date_of_birth:date, notes", links: "owner|client|customer" },
  { names: "owner landlord", fields: "name!, email, phone, address", traits: "person" },
  // Education
  { names: "student pupil learner", fields: "name!, email, student_number, date_of_birth:date", traits: "person" },
  {
    names: "teacher instructor tutor lecturer professor trainer coach mentor",
    fields: "name!, email, phone, bio:long_text",
    traits: "person",
  },
  {
    names: "course",
    fields: "title!, code, description:long_text, start_date, end_date, credits:integer",
    links: "teacher|instructor|tutor|lecturer|professor",
  },
  {
    names: "class workshop",
    fields: "name!, description, starts_at:datetime, capacity:integer, location",
    links: "teacher|instructor|trainer|coach|tutor course room",
  },
  {
    names: "lesson",
    fields: "title!, content:long_text, position:integer, duration_minutes:integer",
    links: "^course|class|module",
  },
  { names: "module unit_of_study", fields: "title!, description, position:integer", links: "^course" },
  { names: "quiz", fields: "title!, description, pass_mark:integer", links: "course|lesson|class" },
  { names: "exam test~", fields: "title!, date, max_score:decimal", links: "course|class" },
  {
    names: "quiz_attempt exam_attempt attempt",
    fields: "score:decimal, submitted_at:datetime=now",
    links: "!quiz|exam student|pupil|member",
  },
  { names: "question", fields: "title!, body:long_text, points:integer", links: "quiz|exam|survey *tag" },
  { names: "answer", fields: "body:long_text!, correct:boolean=false", links: "^question" },
  {
    names: "grade",
    fields: "score:decimal!, letter, comments:long_text, graded_on:date=now",
    links: "!student|pupil assignment|exam|course|class",
  },
  {
    names: "assignment homework",
    fields: "title!, description:long_text, due_date, max_points:integer",
    links: "course|class",
  },
  {
    names: "submission",
    fields: "submitted_at:datetime=now, content:long_text, score:decimal",
    links: "!assignment student|pupil",
  },
  {
    names: "enrollment enrolment registration",
    fields: "enrolled_on:date=now, status(active|completed|dropped)=active",
    links: "!student|pupil|member|attendee|participant !course|class|event|program|session",
  },
  {
    names: "attendance",
    fields: "date=now!, status(present|absent|late|excused)=present, notes",
    links: "student|pupil|member|employee|volunteer class|course|event|session",
    traits: "mass",
  },
  { names: "program programme", fields: "name!, description:long_text, start_date, end_date" },
  // Events
  {
    names: "event",
    fields: "name!, description:long_text, starts_at:datetime!, ends_at:datetime, location, capacity:integer",
    links: "venue",
  },
  {
    names: "ticket",
    fields: "code, price:money, status(reserved|paid|cancelled|used)=reserved, purchased_at:datetime=now",
    links: "attendee|customer|guest|member|participant event|session|concert|show",
    variants: [
      {
        when: /\b(?:support|help ?desk|helpdesk|customer service|service desk|sla|incident|bug|agents?)\b/i,
        ...SUPPORT_TICKET,
      },
    ],
  },
  { names: "support_ticket=ticket support_request incident", ...SUPPORT_TICKET },
  {
    names: "attendee participant registrant delegate",
    fields: "name!, email, phone",
    links: "event",
    traits: "person",
  },
  { names: "venue", fields: "name!, address, capacity:integer, phone" },
  { names: "speaker performer presenter", fields: "name!, email, bio:long_text, company", traits: "person" },
  {
    names: "session talk",
    fields: "title!, description:long_text, starts_at:datetime, ends_at:datetime, room",
    links: "event speaker|presenter|performer venue",
  },
  {
    names: "sponsor partner",
    fields: "name!, website, contact_email:email, amount:money, tier(bronze|silver|gold|platinum)=bronze",
    links: "event|show|campaign",
  },
  { names: "concert performance", fields: "name!, starts_at:datetime!, price:money", links: "venue artist|band" },
  // Fitness and personal tracking
  {
    names: "workout training_session",
    fields: "title!, date=now, duration_minutes:integer, notes:long_text",
    traits: "personal",
  },
  { names: "exercise", fields: "name!, sets:integer, reps:integer, weight:decimal, notes", links: "workout" },
  {
    names: "membership",
    fields: "start_date=now!, end_date, status(active|paused|expired|cancelled)=active",
    links: "!member membership_plan|plan|tier",
  },
  {
    names: "membership_plan membership_tier plan~ tier~",
    fields: "name!, price:money, billing_period(monthly|quarterly|yearly)=monthly, description",
  },
  {
    names: "member",
    fields: "name!, email, phone, joined_on:date=now",
    links: "membership_plan|plan|tier",
    traits: "person",
  },
  {
    names: "check_in checkin",
    fields: "checked_in_at:datetime=now!, notes",
    links: "member|guest|attendee|habit|employee|volunteer|patient event|class|session",
  },
  {
    names: "habit",
    fields: "name!, frequency(daily|weekly|monthly)=daily, active:boolean=true, notes",
    traits: "personal",
  },
  { names: "habit_log", fields: "date=now!, done:boolean=true, notes", links: "!habit", traits: "personal" },
  {
    names: "goal objective",
    fields: "title!, target:decimal, due_date, achieved:boolean=false",
    links: "habit|project|employee|campaign",
    traits: "personal",
  },
  {
    names: "meal",
    fields: "name!, date=now, type(breakfast|lunch|dinner|snack)=dinner, calories:integer, notes",
    links: "recipe meal_plan",
    traits: "personal",
  },
  { names: "meal_plan", fields: "name!, week_starting:date, notes", traits: "personal" },
  {
    names: "journal_entry diary_entry entry",
    fields: "title, body:long_text!, mood(great|good|ok|bad), date=now",
    links: "*tag|label",
    traits: "personal",
  },
  { names: "mood_entry mood_log", fields: "date=now!, mood(great|good|ok|bad|awful)!, notes", traits: "personal" },
  { names: "book_note reading_log", fields: "title!, body:long_text, page:integer", links: "book", traits: "personal" },
  // Logistics and inventory
  {
    names: "shipment delivery consignment parcel package",
    fields:
      "tracking_number, status(pending|in_transit|delivered|failed)=pending, shipped_at:datetime, delivered_at:datetime, destination_address",
    links: "order customer|client driver|courier vehicle route warehouse",
  },
  {
    names: "vehicle car truck van bike",
    fields: "name!, license_plate, make, model, year:integer, status(available|in_use|maintenance)=available",
  },
  { names: "driver courier", fields: "name!, phone, email, license_number", links: "vehicle", traits: "person" },
  { names: "route", fields: "name!, start_location, end_location, distance_km:decimal", links: "driver vehicle" },
  {
    names: "stop waypoint",
    fields: "address!, position:integer, arrived_at:datetime, notes",
    links: "^route shipment|delivery|order",
  },
  { names: "warehouse depot", fields: "name!, address, capacity:integer" },
  { names: "supplier vendor manufacturer distributor", fields: "name!, contact_name, email, phone, website" },
  {
    names: "stock_item inventory_item spare_part part~ material~",
    fields: "name!, sku, quantity:integer=0, reorder_level:integer, unit_cost:money, location",
    links: "warehouse|bin supplier|vendor category",
  },
  {
    names: "stock_movement inventory_movement stock_adjustment stock_transfer",
    fields: "quantity:integer!, type(in|out|transfer|adjustment)=in, moved_at:datetime=now, notes",
    links: "!product|stock_item|ingredient|part|material warehouse|bin",
  },
  { names: "bin shelf", fields: "code!, aisle, capacity:integer", links: "warehouse" },
  {
    names: "purchase_order",
    fields: "order_number!, order_date:date=now, status(draft|sent|received|cancelled)=draft, total:money, notes",
    links: "supplier|vendor warehouse",
  },
  {
    names: "equipment machinery",
    fields: "name!, type, serial_number, purchase_date:date, status(working|needs_repair|retired)=working",
    traits: "mass",
  },
  {
    names: "asset device laptop",
    fields: "name!, serial_number, purchase_date:date, value:money, status(in_use|in_storage|retired)=in_use",
    links: "employee|department|location",
  },
  {
    names: "maintenance_request repair_request work_order service_request",
    fields:
      "title!, description:long_text, priority(low|medium|high)=medium, status(open|in_progress|resolved)=open, reported_on:date=now",
    links: "unit|property|vehicle|equipment|asset|room tenant|resident|customer|employee",
  },
  {
    names: "maintenance_record service_record repair",
    fields: "performed_on:date=now!, description:long_text, cost:money",
    links: "vehicle|equipment|asset|property|unit",
  },
  // Work and projects
  {
    names: "task todo to_do chore action_item",
    fields:
      "title!, description:long_text, due_date, priority(low|medium|high)=medium, status(todo|in_progress|done)=todo",
    links: "project|milestone|sprint|goal employee|member|team_member|staff_member|volunteer *tag|label",
  },
  {
    names: "project",
    fields: "name!, description:long_text, start_date, due_date, status(planned|active|on_hold|completed)=planned",
    links: "client|customer|company|department",
  },
  { names: "milestone", fields: "title!, due_date, completed:boolean=false", links: "^project" },
  { names: "sprint iteration", fields: "name!, start_date, end_date, goal", links: "project" },
  {
    names: "issue bug",
    fields:
      "title!, description:long_text, severity(low|medium|high|critical)=medium, status(open|in_progress|closed)=open",
    links: "project|repository|product *label|tag milestone|release|sprint",
  },
  { names: "repository repo=repository", fields: "name!, url, description, default_branch" },
  { names: "release", fields: "version!, released_on:date, notes:long_text", links: "repository|project|product" },
  {
    names: "time_entry timesheet work_log timesheet_entry",
    fields: "description:text, date=now, hours:decimal!, rate:money, billable:boolean=true",
    links: "case|project|task|client employee|lawyer|member|consultant",
  },
  {
    names: "document file attachment",
    fields: "title!, url, description:long_text",
    links: "case|project|client|customer|property|employee|patient|contract|vehicle",
  },
  {
    names: "note memo",
    fields: "title!, body:long_text",
    links: "*tag contact|customer|client|project|case|patient|lead",
    traits: "personal",
  },
  {
    names: "comment reply",
    fields: "body:long_text!",
    links: "^post|article|task|issue|ticket|recipe|photo|document|question|episode|event|review|video",
  },
  {
    names: "message chat_message",
    fields: "body:long_text!, sent_at:datetime=now",
    links: "ticket|support_ticket|conversation|channel|thread|case customer|client|contact|member",
  },
  { names: "conversation thread channel", fields: "name!, description, archived:boolean=false" },
  { names: "announcement notice", fields: "title!, body:long_text, published_at:datetime=now, pinned:boolean=false" },
  {
    names: "post article blog_post story~",
    fields: "title!, body:long_text, published:boolean=false, published_at:datetime",
    links: "*tag|label|topic category|forum|board|channel author",
  },
  { names: "tag label topic keyword hashtag", fields: "name!*, color", traits: "tag" },
  { names: "category genre", fields: "name!, description" },
  {
    names: "feature_request idea suggestion",
    fields: "title!, description:long_text, status(open|planned|in_progress|shipped|declined)=open, votes:integer=0",
  },
  { names: "vote", fields: "value:integer=1", links: "!feature_request|idea|suggestion|poll|post|question|answer" },
  { names: "poll survey", fields: "title!, description, closes_at:datetime" },
  { names: "photo image picture", fields: "title!, url!, caption, taken_on:date", links: "album|gallery *tag" },
  { names: "album gallery", fields: "title!, description, date" },
  {
    names: "video",
    fields: "title!, url!, description:long_text, duration_minutes:integer, published_at:datetime",
    links: "channel|course *tag",
  },
  { names: "song", fields: "title!, duration_seconds:integer, genre", links: "artist|band album|playlist" },
  { names: "artist band musician", fields: "name!, genre, bio:long_text, website" },
  { names: "playlist", fields: "name!, description" },
  { names: "movie film", fields: "title!, release_year:integer, genre, rating:integer[1..5], notes" },
  { names: "show series podcast", fields: "title!, description:long_text, host, website", traits: "listOnly" },
  { names: "season", fields: "number:integer!, year:integer", links: "^show|series|podcast" },
  {
    names: "episode",
    fields: "title!, release_date, duration_minutes:integer, published:boolean=false, description:long_text",
    links: "show|season|series|podcast *guest",
  },
  // People and organisations
  {
    names: "employee staff_member worker team_member consultant",
    fields: "name!, email, phone, job_title, hire_date, salary:money",
    links: "department|team|branch",
    traits: "person",
  },
  { names: "department division", fields: "name!, description" },
  { names: "team squad", fields: "name!, description", traits: "listOnly" },
  {
    names: "shift rota",
    fields: "starts_at:datetime!, ends_at:datetime!, role, notes",
    links: "employee|staff_member|volunteer|driver|nurse|member|worker branch|location|department|event",
  },
  {
    names: "leave_request time_off_request absence vacation_request holiday_request",
    fields:
      "start_date!, end_date!, type(vacation|sick|personal|other)=vacation, status(pending|approved|rejected)=pending, reason",
    links: "!employee|staff_member|worker",
  },
  {
    names: "candidate applicant",
    fields: "name!, email, phone, resume_url:url, status(applied|interviewing|offered|hired|rejected)=applied",
    links: "job|job_posting|position|opening|vacancy",
    traits: "person",
  },
  {
    names: "job job_posting vacancy position~ opening~",
    fields: "title!, description:long_text, location, salary:money, status(open|closed)=open",
    links: "department|company",
  },
  {
    names: "job_application",
    fields: "applied_on:date=now, status(applied|interviewing|offered|rejected|hired)=applied, notes",
    links: "!candidate|applicant !job|job_posting|position|opening",
  },
  {
    names: "interview",
    fields: "scheduled_at:datetime!, interviewer, notes, outcome(pending|passed|failed)=pending",
    links: "candidate|applicant job|job_posting|position|job_application",
  },
  {
    names: "performance_review appraisal",
    fields: "period!, rating:integer[1..5], notes:long_text",
    links: "!employee",
  },
  { names: "volunteer", fields: "name!, email, phone, skills, available:boolean=true", traits: "person" },
  { names: "person people=person", fields: "name!, email, phone, notes", traits: "person listOnly" },
  { names: "player athlete", fields: "name!, email, position:text", links: "team|club", traits: "person" },
  { names: "author writer", fields: "name!, bio:long_text, website", traits: "person" },
  { names: "publisher", fields: "name!, website" },
  { names: "lawyer attorney", fields: "name!, email, phone, bar_number", traits: "person" },
  { names: "agent realtor broker representative", fields: "name!, email, phone", traits: "person" },
  { names: "tenant resident", fields: "name!, email, phone", links: "unit|property|apartment", traits: "person" },
  // Library
  {
    names: "book novel",
    fields: "title!, isbn, published_year:integer, genre, description:long_text",
    links: "author|writer publisher category|genre",
  },
  {
    names: "copy",
    fields: "barcode!, condition(new|good|worn|damaged)=good, available:boolean=true",
    links: "^book|novel|game|movie",
  },
  {
    names: "loan borrowing",
    fields: "loaned_on:date=now!, due_date!, returned_on:date",
    links: "!copy|book|equipment|item|tool !member|pupil|student|patron|borrower|customer|employee",
  },
  // Farming
  { names: "field paddock plot", fields: "name!, area_hectares:decimal, soil_type, location", traits: "listOnly" },
  { names: "crop", fields: "name!, variety, days_to_harvest:integer" },
  { names: "planting sowing", fields: "planted_on:date!, quantity:decimal, notes", links: "field|plot|paddock crop" },
  {
    names: "harvest",
    fields: "harvested_on:date!, yield_kg:decimal, notes",
    links: "field|plot|paddock|planting crop",
  },
  { names: "livestock", fields: "tag_number!, species, breed, date_of_birth:date, weight_kg:decimal", traits: "mass" },
  // Recipes
  {
    names: "recipe",
    fields:
      "title!, description:long_text, servings:integer, prep_minutes:integer, cook_minutes:integer, instructions:long_text",
    links: "*tag category",
  },
  { names: "ingredient", fields: "name!, quantity:decimal, unit", links: "^recipe" },
  // Travel
  { names: "trip journey", fields: "name!, start_date, end_date, budget:money, notes:long_text" },
  { names: "destination", fields: "name!, country, notes", links: "trip" },
  {
    names: "itinerary itinerary_item",
    fields: "title!, starts_at:datetime, location, notes",
    links: "trip destination",
  },
  {
    names: "accommodation lodging",
    fields: "name!, address, check_in:date, check_out:date, price:money, booking_reference",
    links: "trip destination",
  },
  {
    names: "flight",
    fields: "flight_number!, departs_at:datetime, arrives_at:datetime, origin, destination_airport",
    links: "trip",
  },
  // Legal
  {
    names: "case matter",
    fields: "title!, case_number, status(open|pending|closed)=open, opened_on:date=now, description:long_text",
    links: "client|customer lawyer|attorney",
  },
  { names: "hearing court_date", fields: "scheduled_at:datetime!, court, notes", links: "!case|matter" },
  // Real estate
  {
    names: "property listing",
    fields:
      "address!, price:money, bedrooms:integer, bathrooms:integer, status(available|under_offer|sold)=available, description:long_text",
    links: "agent|realtor|broker owner|landlord",
  },
  {
    names: "apartment unit~",
    fields: "name!, floor:integer, bedrooms:integer, rent:money, status(vacant|occupied)=vacant",
    links: "^property|building",
  },
  { names: "building", fields: "name!, address, floors:integer" },
  {
    names: "lease tenancy",
    fields: "start_date!, end_date, monthly_rent:money, deposit:money, status(pending|active|ended)=pending",
    links: "!tenant|resident !unit|property|apartment",
  },
  {
    names: "viewing showing",
    fields: "scheduled_at:datetime!, status(scheduled|completed|cancelled)=scheduled, notes",
    links: "!property|listing|unit buyer|client|customer|tenant agent|realtor",
  },
  {
    names: "offer bid",
    fields: "amount:money!, status(pending|accepted|rejected|withdrawn)=pending, made_on:date=now, notes",
    links: "!property|listing|job|vehicle buyer|client|customer|candidate",
  },
  // Games and clubs
  { names: "tournament competition league", fields: "name!, start_date, end_date, location" },
  {
    names: "game fixture match~",
    fields: "title!, played_on:date, result, notes",
    links: "tournament|league|competition|season *team|player",
  },
  {
    names: "rental",
    fields:
      "pickup_date:date!, return_date:date, daily_rate:money, status(reserved|active|returned|cancelled)=reserved",
    links: "!vehicle|equipment|property|bike|car customer|client|member",
    traits: "booking",
  },
];

const FIELD_PATTERN =
  /^([a-z][a-z0-9_]*)(?::([a-z_]+))?(?:\(([^)]*)\))?(?:\[(-?\d+)?\.\.(-?\d+)?\])?(?:=([^!*]+))?([!*]*)$/;

function parseFields(spec: string): FieldDraft[] {
  return spec.split(/\s*,\s*/).map((item) => {
    const m = FIELD_PATTERN.exec(item.trim());
    if (!m) throw new Error(`vocabulary: cannot read field '${item}'`);
    const [, name = "", type, options, min, max, defaultText, flags = ""] = m;
    const field: FieldDraft = options
      ? { name, type: "enum", options: options.split("|") }
      : type
        ? { name, type: type as FieldDraft["type"] }
        : inferField(name);
    if (type && !options) {
      const inferred = inferField(name);
      if (inferred.type === type) Object.assign(field, inferred);
    }
    if (min !== undefined) field.min = Number(min);
    if (max !== undefined) field.max = Number(max);
    if (defaultText !== undefined) {
      field.default =
        field.type === "integer" || field.type === "decimal" || field.type === "money"
          ? Number(defaultText)
          : field.type === "boolean"
            ? defaultText === "true"
            : defaultText;
    }
    if (flags.includes("!")) field.required = true;
    if (flags.includes("*")) field.unique = true;
    return field;
  });
}

function parseLinks(spec: string | undefined): Link[] {
  if (!spec) return [];
  return spec
    .trim()
    .split(/\s+/)
    .map((token) => {
      const marker = /^[!^*]/.test(token) ? token[0] : "";
      return {
        targets: token.slice(marker ? 1 : 0).split("|"),
        required: marker === "!" || marker === "^",
        cascade: marker === "^",
        manyToMany: marker === "*",
      };
    });
}

function build(): Map<string, Archetype> {
  const map = new Map<string, Archetype>();
  for (const source of SOURCES) {
    const traits = new Set((source.traits ?? "").split(/\s+/));
    const shape: Shape = { fields: parseFields(source.fields), links: parseLinks(source.links) };
    const variants = (source.variants ?? []).map((v) => ({
      when: v.when,
      shape: { fields: parseFields(v.fields), links: parseLinks(v.links) },
    }));
    for (const entry of source.names.split(/\s+/)) {
      const listOnly = entry.endsWith("~");
      const [word = "", canonical = word] = entry.replace(/~$/, "").split("=");
      if (map.has(word)) throw new Error(`vocabulary: '${word}' is defined twice`);
      map.set(word, {
        name: canonical,
        ...shape,
        personal: traits.has("personal"),
        mass: traits.has("mass"),
        listOnly: listOnly || traits.has("listOnly"),
        person: traits.has("person"),
        booking: traits.has("booking"),
        tag: traits.has("tag"),
        variants,
      });
    }
  }
  return map;
}

/** Every archetype by its snake_case key ("order_item"); several keys may share a shape. */
export const ARCHETYPES: ReadonlyMap<string, Archetype> = build();

/** Nouns that are also common verbs: "a member books a class", "the shop offers discounts". */
export const VERB_NOUNS = new Set(
  `book order review note post comment offer visit bill talk match lease grade message contact issue release loan copy
  tag label document file quote estimate harvest bid attempt answer question reply survey interview coach mentor tutor
  deal contract budget exercise stop ticket report transfer charge return request schedule plan store ship rent`.split(
    /\s+/,
  ),
);

/** Longest compound an archetype key has, in words. */
export const MAX_COMPOUND_WORDS = Math.max(...[...ARCHETYPES.keys()].map((k) => k.split("_").length));

export function shapeFor(archetype: Archetype, context: string): Shape {
  return archetype.variants.find((v) => v.when.test(context))?.shape ?? archetype;
}

/** The shape an unknown noun gets. */
export const GENERIC_SHAPE: Shape = { fields: parseFields("name!, description:long_text"), links: [] };

/** Nouns that name the app or a column when singular but records when plural ("borrow tools", "submit applications"). */
export const SINGULAR_ONLY_NON_ENTITIES = new Set([
  "application",
  "report",
  "tool",
  "column",
  "phone",
  "page",
  "form",
  "site",
  "list",
  "platform",
]);

/** Nouns that name the app, its screens or its users rather than a table. */
export const NON_ENTITY_WORDS = new Set(
  `app apps application system systems dashboard dashboards user users way ways list data thing things
  stuff platform tool website websites site page pages portal portals place places everyone
  anyone someone info information detail details overview report analytics chart charts graph graphs
  notification notifications history time times day days week weeks month months year years login logins password
  passwords role roles permission permissions admin admins administrator administrators manager managers staff moderator
  moderators editor editors owner_account management tracking tracker trackers scheduling scheduler feature features
  function functions option options setting settings screen screens form forms button buttons column columns
  color colors colour colours theme themes background backgrounds accent accents component components highlight
  highlights mode modes status statuses search filter filters export exports import imports csv pdf api apis mobile
  web ui interface layout design style styles database databases backend frontend code github google link links
  email emails phone name names address addresses number numbers total totals price prices date dates type
  types kind kinds sort one ones item items something anything nothing everything record records entry_point item_type
  crud workflow workflows process processes internet world life work home lifestyle help support access sign
  signin signup account_settings auth authentication magic kilograms minutes hours seconds percent dollars euros
  people_count bit part_time way feature_set insight insights metric metrics statistic statistics stat stats
  summary summaries view views overview_page version versions login_page landing homepage profile profiles
  crm erp hr saas mvp ai gpt llm functionality functionalities module modules capability capabilities section_page
  tab tabs panel panels menu_bar navbar header headers footer sidebar card_view person people persons
  monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday fridays saturday saturdays sunday
  sundays weekday weekdays weekend weekends morning mornings afternoon afternoons evening evenings night nights today
  tomorrow yesterday tonight quarter quarters hour minute second january february march april june july august
  september october november december kilometre kilometres kilometer kilometers km mile miles metre metres meter
  meters litre litres liter liters gram grams kilogram kg pound pounds euro dollar cent cents percentage
  notebook notebooks spreadsheet spreadsheets whiteboard whiteboards excel clipboard clipboards binder binders
  leaderboard leaderboards ranking rankings scoreboard scoreboards`
    .split(/\s+/)
    .filter((w) => !SINGULAR_ONLY_NON_ENTITIES.has(w.replace(/s$/, "")) || SINGULAR_ONLY_NON_ENTITIES.has(w)),
);

/** Places and businesses an app is *for*; a table only when listed in the plural ("manage our stores"). */
export const DOMAIN_WORDS = new Set(
  `clinic gym school studio shop store restaurant hotel farm firm agency office practice salon cafe bakery club library
  church hospital university college business company_wide startup nonprofit charity org team household family
  neighbourhood neighborhood community city town kitchen garage workshop_space marketplace market brewery winery
  bar pub spa dealership pharmacy lab laboratory academy kindergarten daycare nursery theatre theater cinema museum`.split(
    /\s+/,
  ),
);

/** People words that are roles a signed-in user holds, never tables of their own. */
export const ROLE_ONLY_WORDS = new Map<string, string>(
  Object.entries({
    admin: "admin",
    admins: "admin",
    administrator: "admin",
    administrators: "admin",
    manager: "manager",
    managers: "manager",
    moderator: "moderator",
    moderators: "moderator",
    editor: "editor",
    editors: "editor",
    supervisor: "supervisor",
    supervisors: "supervisor",
    staff: "staff",
    dispatcher: "dispatcher",
    dispatchers: "dispatcher",
    receptionist: "receptionist",
    receptionists: "receptionist",
    librarian: "librarian",
    librarians: "librarian",
    accountant: "accountant",
    accountants: "accountant",
    cashier: "cashier",
    cashiers: "cashier",
    reviewer: "reviewer",
    reviewers: "reviewer",
    approver: "approver",
    approvers: "approver",
    viewer: "viewer",
    viewers: "viewer",
    contributor: "contributor",
    contributors: "contributor",
    maintainer: "maintainer",
    maintainers: "maintainer",
    bookkeeper: "bookkeeper",
    bookkeepers: "bookkeeper",
    clerk: "clerk",
    clerks: "clerk",
    auditor: "auditor",
    auditors: "auditor",
    analyst: "analyst",
    analysts: "analyst",
    coordinator: "coordinator",
    coordinators: "coordinator",
    organizer: "organizer",
    organizers: "organizer",
    organiser: "organizer",
    organisers: "organizer",
    operator: "operator",
    operators: "operator",
    director: "director",
    directors: "director",
    superadmin: "admin",
    superuser: "admin",
    reps: "sales_rep",
    rep: "sales_rep",
    salespeople: "sales_rep",
    salesperson: "sales_rep",
    housekeeper: "housekeeper",
    housekeepers: "housekeeper",
    parent: "parent",
    parents: "parent",
    guardian: "guardian",
    guardians: "guardian",
    chef: "chef",
    chefs: "chef",
    waiter: "waiter",
    waiters: "waiter",
    technician: "technician",
    technicians: "technician",
    inspector: "inspector",
    inspectors: "inspector",
    mechanic: "mechanic",
    mechanics: "mechanic",
    cleaner: "cleaner",
    cleaners: "cleaner",
    walker: "walker",
    walkers: "walker",
    researcher: "researcher",
    researchers: "researcher",
    developer: "developer",
    developers: "developer",
    designer: "designer",
    designers: "designer",
    photographer: "photographer",
    photographers: "photographer",
    guide: "guide",
    guides: "guide",
    caregiver: "caregiver",
    caregivers: "caregiver",
    recruiter: "recruiter",
    recruiters: "recruiter",
    teacher_assistant: "teaching_assistant",
  }),
);

/** Roles that oversee others; when only these are named, ordinary users get a "member" role as well. */
export const PRIVILEGED_ROLES = new Set([
  "admin",
  "manager",
  "moderator",
  "editor",
  "supervisor",
  "director",
  "owner",
  "auditor",
  "approver",
  "reviewer",
]);

/** A few entity nouns in other languages; CJK words are found inside unspaced text. */
export const FOREIGN_NOUNS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    顧客: "customer",
    お客様: "customer",
    注文: "order",
    商品: "product",
    製品: "product",
    予約: "booking",
    在庫: "stock_item",
    請求書: "invoice",
    従業員: "employee",
    社員: "employee",
    患者: "patient",
    医師: "doctor",
    学生: "student",
    生徒: "student",
    授業: "class",
    講座: "course",
    イベント: "event",
    会員: "member",
    タスク: "task",
    プロジェクト: "project",
    記事: "post",
    コメント: "comment",
    タグ: "tag",
    支払い: "payment",
    経費: "expense",
    仕入先: "supplier",
    レシピ: "recipe",
    本: "book",
    客户: "customer",
    订单: "order",
    产品: "product",
    任务: "task",
    项目: "project",
    cliente: "client",
    clientes: "client",
    cita: "appointment",
    citas: "appointment",
    factura: "invoice",
    facturas: "invoice",
    pedido: "order",
    pedidos: "order",
    producto: "product",
    productos: "product",
    reserva: "booking",
    reservas: "booking",
    empleado: "employee",
    empleados: "employee",
    paciente: "patient",
    pacientes: "patient",
    tarea: "task",
    tareas: "task",
    proyecto: "project",
    proyectos: "project",
    evento: "event",
    eventos: "event",
    alumno: "student",
    alumnos: "student",
    estudiantes: "student",
    curso: "course",
    cursos: "course",
    proveedor: "supplier",
    proveedores: "supplier",
    pago: "payment",
    pagos: "payment",
    gasto: "expense",
    gastos: "expense",
    receta: "recipe",
    recetas: "recipe",
    libro: "book",
    libros: "book",
    socios: "member",
    miembros: "member",
    categoria: "category",
    categorias: "category",
    categoría: "category",
    categorías: "category",
    empleo: "job",
    ventas: "sale",
    venta: "sale",
    proveedor_es: "supplier",
    inventario: "stock_item",
    catégorie: "category",
    catégories: "category",
    kategorie: "category",
    kategorien: "category",
    clients: "client",
    commande: "order",
    commandes: "order",
    produit: "product",
    produits: "product",
    factures: "invoice",
    réservation: "booking",
    réservations: "booking",
    employé: "employee",
    employés: "employee",
    tâche: "task",
    tâches: "task",
    projet: "project",
    projets: "project",
    événement: "event",
    événements: "event",
    élève: "student",
    élèves: "student",
    fournisseur: "supplier",
    fournisseurs: "supplier",
    paiement: "payment",
    paiements: "payment",
    dépense: "expense",
    dépenses: "expense",
    recette: "recipe",
    recettes: "recipe",
    livre: "book",
    livres: "book",
    kunde: "customer",
    kunden: "customer",
    termin: "appointment",
    termine: "appointment",
    rechnung: "invoice",
    rechnungen: "invoice",
    bestellung: "order",
    bestellungen: "order",
    produkte: "product",
    buchung: "booking",
    buchungen: "booking",
    mitarbeiter: "employee",
    patienten: "patient",
    aufgabe: "task",
    aufgaben: "task",
    projekte: "project",
    veranstaltung: "event",
    veranstaltungen: "event",
    schüler: "student",
    kurse: "course",
    lieferant: "supplier",
    lieferanten: "supplier",
    zahlung: "payment",
    zahlungen: "payment",
    ausgabe: "expense",
    ausgaben: "expense",
    rezept: "recipe",
    rezepte: "recipe",
    bücher: "book",
    // Common nouns of the apps people ask for, in the languages requests come in (Portuguese, Italian, French,
    // German, Spanish): singular and plural, accents as written.
    livro: "book",
    livros: "book",
    aluna: "student",
    alunas: "student",
    aluno: "student",
    alunos: "student",
    empréstimo: "loan",
    empréstimos: "loan",
    préstamo: "loan",
    préstamos: "loan",
    prêt: "loan",
    prêts: "loan",
    prestito: "loan",
    prestiti: "loan",
    ausleihe: "loan",
    ausleihen: "loan",
    resenha: "review",
    resenhas: "review",
    avaliação: "review",
    avaliações: "review",
    reseña: "review",
    reseñas: "review",
    recensione: "review",
    recensioni: "review",
    bewertung: "review",
    bewertungen: "review",
    clube: "club",
    clubes: "club",
    verein: "club",
    vereine: "club",
    encontro: "meeting",
    encontros: "meeting",
    reunión: "meeting",
    reuniones: "meeting",
    réunion: "meeting",
    réunions: "meeting",
    riunione: "meeting",
    riunioni: "meeting",
    treffen: "meeting",
    professor: "teacher",
    professores: "teacher",
    profesor: "teacher",
    profesores: "teacher",
    professeur: "teacher",
    professeurs: "teacher",
    insegnante: "teacher",
    insegnanti: "teacher",
    lehrer: "teacher",
    turma: "class",
    turmas: "class",
    clase: "class",
    clases: "class",
    classe: "class",
    classi: "class",
    klasse: "class",
    klassen: "class",
    examen: "exam",
    exámenes: "exam",
    examens: "exam",
    exame: "exam",
    exames: "exam",
    esame: "exam",
    esami: "exam",
    prüfung: "exam",
    prüfungen: "exam",
    entrega: "submission",
    entregas: "submission",
    nota: "grade",
    notas: "grade",
    voto: "grade",
    voti: "grade",
    bénévole: "volunteer",
    bénévoles: "volunteer",
    voluntario: "volunteer",
    voluntarios: "volunteer",
    voluntário: "volunteer",
    voluntários: "volunteer",
    volontario: "volunteer",
    volontari: "volunteer",
    freiwillige: "volunteer",
    freiwilliger: "volunteer",
    créneau: "shift",
    créneaux: "shift",
    turno: "shift",
    turnos: "shift",
    turni: "shift",
    schicht: "shift",
    schichten: "shift",
    billet: "ticket",
    billets: "ticket",
    entrada: "ticket",
    entradas: "ticket",
    ingresso: "ticket",
    ingressos: "ticket",
    biglietto: "ticket",
    biglietti: "ticket",
    scène: "stage",
    scènes: "stage",
    escenario: "stage",
    escenarios: "stage",
    palco: "stage",
    palchi: "stage",
    bühne: "stage",
    bühnen: "stage",
    concierto: "concert",
    conciertos: "concert",
    concerti: "concert",
    concertos: "concert",
    konzert: "concert",
    konzerte: "concert",
    groupe: "band",
    groupes: "band",
    banda: "band",
    bandas: "band",
    choriste: "singer",
    choristes: "singer",
    cantante: "singer",
    cantantes: "singer",
    sänger: "singer",
    répétition: "rehearsal",
    répétitions: "rehearsal",
    ensayo: "rehearsal",
    ensayos: "rehearsal",
    ensaio: "rehearsal",
    ensaios: "rehearsal",
    morceau: "piece",
    morceaux: "piece",
    canción: "song",
    canciones: "song",
    chanson: "song",
    chansons: "song",
    canzone: "song",
    canzoni: "song",
    lied: "song",
    lieder: "song",
    anfrage: "inquiry",
    anfragen: "inquiry",
    demande: "request",
    demandes: "request",
    solicitud: "request",
    solicitudes: "request",
    angebot: "quote",
    angebote: "quote",
    devis: "quote",
    presupuesto: "quote",
    presupuestos: "quote",
    orçamento: "quote",
    orçamentos: "quote",
    preventivo: "quote",
    preventivi: "quote",
    auftrag: "order",
    aufträge: "order",
    ordine: "order",
    ordini: "order",
    encomenda: "order",
    encomendas: "order",
    menü: "menu",
    menüs: "menu",
    menú: "menu",
    menús: "menu",
    gericht: "dish",
    gerichte: "dish",
    plato: "dish",
    platos: "dish",
    piatto: "dish",
    piatti: "dish",
    prato: "dish",
    pratos: "dish",
    jeu: "game",
    jeux: "game",
    juego: "game",
    juegos: "game",
    jogo: "game",
    jogos: "game",
    gioco: "game",
    giochi: "game",
    spiel: "game",
    spiele: "game",
    mitglied: "member",
    mitglieder: "member",
    membre: "member",
    membres: "member",
    socio: "member",
    soci: "member",
    sócio: "member",
    sócios: "member",
    membro: "member",
    membri: "member",
    membros: "member",
    paziente: "patient",
    pazienti: "patient",
    prodotto: "product",
    prodotti: "product",
    produto: "product",
    produtos: "product",
    fattura: "invoice",
    fatture: "invoice",
    fatura: "invoice",
    faturas: "invoice",
    prenotazione: "booking",
    prenotazioni: "booking",
    eventi: "event",
    dipendente: "employee",
    dipendenti: "employee",
    funcionário: "employee",
    funcionários: "employee",
    fornitore: "supplier",
    fornitori: "supplier",
    fornecedor: "supplier",
    fornecedores: "supplier",
    corso: "course",
    corsi: "course",
    kurs: "course",
  }),
);

/** Role words in other languages. */
export const FOREIGN_ROLES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    管理者: "admin",
    管理员: "admin",
    administrador: "admin",
    administradores: "admin",
    gerente: "manager",
    gerentes: "manager",
    administrateur: "admin",
    administrateurs: "admin",
  }),
);
