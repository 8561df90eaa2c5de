/** Registry schema, one entry per migration; never edit an applied one, append a new one. */
/** Fills the duplicate prefilter's columns from the stored name filters (the migration that added them runs it). */
export const nameSketchBackfill = `UPDATE duplicate_keys AS keys SET name_union = tokens.name_union, name_min_bits = tokens.name_min_bits
     FROM (SELECT case_number,
                  bit_or(('x' || token)::bit(512)) AS name_union,
                  min(bit_count(('x' || token)::bit(512)))::integer AS name_min_bits
             FROM duplicate_keys,
                  jsonb_array_elements(name_filters::jsonb) AS names(name),
                  jsonb_array_elements_text(names.name) AS filters(token)
            GROUP BY case_number) AS tokens
    WHERE keys.case_number = tokens.case_number;`;

export const migrations: string[] = [
  `CREATE SEQUENCE case_serial START 1;
   CREATE TABLE cases (
     case_number text PRIMARY KEY,
     organisation_id text NOT NULL,
     organisation_reference text NOT NULL,
     registered_by text NOT NULL,
     registered_at timestamptz NOT NULL DEFAULT now(),
     origin_country text NOT NULL,
     destination_country text,
     UNIQUE (organisation_id, organisation_reference)
   );`,
  // The audit trail: one hash chain per case. `position` orders the chain; (source, sequence) makes appends idempotent.
  `CREATE TABLE audit_entries (
     case_number text NOT NULL,
     position integer NOT NULL CHECK (position >= 0),
     source text NOT NULL CHECK (source IN ('workflow', 'registry')),
     sequence integer NOT NULL CHECK (sequence >= 0),
     event_type text NOT NULL,
     occurred_at timestamptz NOT NULL,
     event text NOT NULL,
     -- Copied from event.data for the dashboard's country pairs: country codes only.
     route_from text,
     route_to text,
     previous_hash text NOT NULL,
     hash text NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (case_number, position),
     UNIQUE (case_number, source, sequence)
   );
   CREATE INDEX audit_entries_by_type_and_time ON audit_entries (event_type, occurred_at);
   CREATE INDEX audit_entries_by_case_and_type ON audit_entries (case_number, event_type, occurred_at);`,
  // What Homeward has mailed, one row per idempotency key, so a retried step is not delivered twice.
  // The recipient is kept as a digest only: the registry holds no contact details.
  `CREATE TABLE sent_notifications (
     idempotency_key text PRIMARY KEY,
     message_id text NOT NULL,
     case_number text NOT NULL,
     kind text NOT NULL,
     recipient_digest text NOT NULL,
     language text NOT NULL,
     status text NOT NULL CHECK (status IN ('sending', 'sent')),
     claimed_at timestamptz NOT NULL DEFAULT now(),
     sent_at timestamptz
   );
   CREATE INDEX sent_notifications_by_case ON sent_notifications (case_number);`,
  // Duplicate detection keeps no names: keyed Bloom filters of folded name tokens, the birth date and origin country.
  `CREATE TABLE duplicate_keys (
     case_number text PRIMARY KEY,
     origin_country text NOT NULL,
     birth_date date,
     birth_year_from integer NOT NULL,
     birth_year_to integer NOT NULL,
     key_id text NOT NULL,
     name_filters text NOT NULL
   );
   CREATE INDEX duplicate_keys_by_origin_and_year ON duplicate_keys (origin_country, birth_year_from, birth_year_to);
   CREATE TABLE duplicate_decisions (
     organisation_id text NOT NULL,
     organisation_reference text NOT NULL,
     decision text NOT NULL CHECK (decision IN ('linked', 'different')),
     case_number text NOT NULL,
     candidates text NOT NULL,
     decided_by text NOT NULL,
     decided_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (organisation_id, organisation_reference)
   );`,
  // A prefilter for the duplicate check, so a registration compares names with the few cases whose names could
  // match instead of every case of its country and birth years: the union of a case's name-token filters and the
  // bit count of its smallest filter (see prefilterThreshold in duplicates.ts). Filled in for cases already there.
  `ALTER TABLE duplicate_keys ADD COLUMN name_union bit(512), ADD COLUMN name_min_bits integer;
   ${nameSketchBackfill}`,
  // Each case's latest state as the case published it, sealed with the payload keys (src/registry/case-views.ts).
  `CREATE TABLE case_views (
     case_number text PRIMARY KEY,
     revision integer NOT NULL,
     sealed text NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now()
   );`,
  // The desk (src/desk): each case's queue facts as the case last published them (no personal data: stage, route,
  // what it waits for, on whom, until when), one row per audience, so a work queue's first page is an index scan at
  // any number of cases; who a case is assigned to; the desk's sign-in sessions and each person's preferences.
  `CREATE TABLE case_summaries (
     case_number text PRIMARY KEY,
     revision integer NOT NULL,
     stage text NOT NULL,
     outcome text,
     coordinator_id text NOT NULL,
     route_from text,
     route_to text,
     next_due_at timestamptz,
     escalation_level integer NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE TABLE case_queue (
     case_number text NOT NULL,
     audience text NOT NULL CHECK (audience IN ('desk', 'reviewer', 'all')),
     stage text NOT NULL,
     due_at timestamptz NOT NULL,
     waiting_on text NOT NULL,
     waiting_on_all text NOT NULL,
     escalation_level integer NOT NULL,
     route_from text,
     route_to text,
     actions text NOT NULL,
     PRIMARY KEY (case_number, audience)
   );
   CREATE INDEX case_queue_by_deadline ON case_queue (audience, due_at, case_number);
   -- The filters a desk uses most, so their first page and count stay index scans at tens of thousands of cases.
   CREATE INDEX case_queue_by_stage ON case_queue (audience, stage, due_at);
   CREATE INDEX case_queue_escalated ON case_queue (audience, due_at) WHERE escalation_level > 0;
   CREATE TABLE case_assignments (
     case_number text PRIMARY KEY,
     assigned_to text NOT NULL,
     assigned_by text NOT NULL,
     assigned_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE INDEX case_assignments_by_assignee ON case_assignments (assigned_to);
   CREATE INDEX cases_by_reference ON cases (organisation_reference);
   CREATE TABLE desk_sessions (
     id_digest text PRIMARY KEY,
     actor_id text NOT NULL,
     role text NOT NULL,
     provider text NOT NULL,
     csrf_token text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     last_seen_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL
   );
   CREATE INDEX desk_sessions_by_expiry ON desk_sessions (expires_at);
   CREATE TABLE desk_preferences (
     actor_id text PRIMARY KEY,
     language text NOT NULL,
     time_zone text NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   );`,
  // Every read of a child's personal data, a hash chain per case (src/registry/access-log.ts). Kept apart from
  // audit_entries, which the weekly figures count. accessed_at is the ISO text that was hashed.
  `CREATE TABLE access_log (
     chain text NOT NULL,
     position integer NOT NULL CHECK (position >= 0),
     case_number text,
     actor_id text NOT NULL,
     actor_role text NOT NULL,
     organisation text,
     kind text NOT NULL,
     purpose text NOT NULL,
     accessed_at text NOT NULL,
     previous_hash text NOT NULL,
     hash text NOT NULL,
     PRIMARY KEY (chain, position)
   );`,
  // A desk session is confined to its person's organisation; a sign-in through the identity provider waits here for
  // the provider's callback (the browser holds only a random ID, as for sessions).
  `ALTER TABLE desk_sessions ADD COLUMN organisation text;
   CREATE TABLE desk_sign_ins (
     id_digest text PRIMARY KEY,
     state text NOT NULL,
     code_verifier text NOT NULL,
     next_path text NOT NULL,
     language text NOT NULL,
     time_zone text NOT NULL,
     expires_at timestamptz NOT NULL
   );`,
  // Health information (src/registry/health.ts): who looks after it per case, the summary sealed with the payload keys,
  // and received reports, each encrypted with a key of its own that the deployment's keys wrap. Nothing in clear but
  // references, flags, sizes and media types.
  `CREATE TABLE health_care_teams (
     case_number text PRIMARY KEY,
     escort_id text,
     sending_clinician_id text,
     receiving_clinician_id text,
     assigned_by text NOT NULL,
     assigned_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE TABLE health_summaries (
     case_number text PRIMARY KEY,
     revision integer NOT NULL,
     sealed text NOT NULL,
     complete boolean NOT NULL,
     missing_sections text NOT NULL,
     updated_by text NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     reviewed_by text,
     reviewed_revision integer,
     reviewed_at timestamptz
   );
   CREATE TABLE health_reports (
     report_id text PRIMARY KEY,
     case_number text NOT NULL,
     media_type text NOT NULL,
     byte_size integer NOT NULL,
     supplied_by text NOT NULL,
     supplied_at text NOT NULL,
     channel text NOT NULL,
     uploaded_by text NOT NULL,
     uploaded_at timestamptz NOT NULL DEFAULT now(),
     key_id text NOT NULL,
     wrapped_key bytea NOT NULL,
     sealed_name bytea NOT NULL,
     sealed_content bytea NOT NULL
   );
   CREATE INDEX health_reports_by_case ON health_reports (case_number, uploaded_at);`,
  // The API's metrics count open cases by stage at every scrape (src/registry/case-figures.ts): closed cases, which
  // only grow in number, stay out of the index.
  `CREATE INDEX case_summaries_open_by_stage ON case_summaries (stage) WHERE stage <> 'closed';`,
  // The duplicate check compares names only with cases born on a date that agrees with the new child's exact one (or
  // of an estimated age): an index on the birth date finds them among the cases of the country.
  `CREATE INDEX duplicate_keys_by_origin_and_birth_date ON duplicate_keys (origin_country, birth_date);`,
  // Which attempt of which sender holds a claim: a retry of that sender takes over at once (the attempt before it has
  // ended), where anyone else waits for the claim to go stale.
  `ALTER TABLE sent_notifications ADD COLUMN claimed_by text, ADD COLUMN claim_attempt integer;`,
];
