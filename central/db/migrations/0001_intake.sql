-- Intake: submissions and 好差评 ratings received from kiosks, each recorded once per
-- client-generated idempotency key. The acknowledgement sent on first receipt is stored with the
-- record so that a retry (after a lost response) gets the very same answer back.
-- The applicant's personal data is kept as received: this is the government's system of record.

CREATE TABLE submissions (
  idempotency_key text NOT NULL,
  tracking_code text NOT NULL,
  kiosk_id text NOT NULL,
  item_code text NOT NULL,
  catalog_version integer NOT NULL,
  submitted_at timestamptz NOT NULL,
  identity_method text NOT NULL,
  applicant jsonb NOT NULL,
  form jsonb NOT NULL,
  status text NOT NULL,
  received_at timestamptz NOT NULL,
  status_changed_at timestamptz NOT NULL,
  ack jsonb NOT NULL,
  CONSTRAINT submissions_pkey PRIMARY KEY (idempotency_key),
  CONSTRAINT submissions_tracking_code_key UNIQUE (tracking_code),
  CONSTRAINT submissions_status_check
    CHECK (status IN ('received', 'accepted', 'completed', 'returned'))
);

CREATE INDEX submissions_kiosk_id_idx ON submissions (kiosk_id, received_at);

CREATE TABLE ratings (
  idempotency_key text NOT NULL,
  tracking_code text NOT NULL,
  kiosk_id text NOT NULL,
  item_code text NOT NULL,
  level smallint NOT NULL,
  reasons jsonb NOT NULL,
  comment text NOT NULL,
  rated_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  ack jsonb NOT NULL,
  CONSTRAINT ratings_pkey PRIMARY KEY (idempotency_key),
  -- 一事一评: one rating per transaction.
  CONSTRAINT ratings_tracking_code_key UNIQUE (tracking_code),
  CONSTRAINT ratings_level_check CHECK (level BETWEEN 1 AND 5)
);

CREATE INDEX ratings_kiosk_id_idx ON ratings (kiosk_id, received_at);
