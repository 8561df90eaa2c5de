/** Registry schema, one entry per migration; never edit an applied one, append a new one. */
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
];
