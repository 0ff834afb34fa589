-- The same data as motcua keeps for a dossier, in PostgreSQL, for
-- benchmarks/compare_postgres.sh: one row per dossier (rewritten by every
-- command, as motcua rewrites its dossier record), an append-only event log,
-- the idempotency records, and the per-agency daily counter behind the
-- gap-free dossier codes "<agency>-<YYMMDD>-<NNNN>". lifecycle.pgbench runs
-- the five commands of a lifecycle against it, one transaction each.

CREATE TABLE code_counters (
  agency_code text NOT NULL,
  day date NOT NULL,
  last_sequence integer NOT NULL,
  PRIMARY KEY (agency_code, day)
);

CREATE TABLE dossiers (
  code text PRIMARY KEY,
  agency_code text NOT NULL,
  procedure_code text NOT NULL,
  state smallint NOT NULL,
  holder_agency text NOT NULL,
  version integer NOT NULL,
  -- The rest of the dossier (applicant, documents, terms, appointment,
  -- steps), of about the size motcua stores.
  payload jsonb NOT NULL
);

CREATE TABLE events (
  code text NOT NULL,
  version integer NOT NULL,
  kind text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL,
  PRIMARY KEY (code, version)
);

CREATE TABLE idempotency (
  client_id text NOT NULL,
  request_id text NOT NULL,
  -- A digest of the request: a retry with other content is refused.
  fingerprint text NOT NULL,
  -- What a replay answers with.
  code text NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (client_id, request_id)
);
