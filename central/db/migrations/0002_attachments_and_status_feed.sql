-- Attachments (scanned pages, signatures) uploaded by kiosks in chunks before the submission that
-- names them. An upload belongs to one kiosk and one submission idempotency key; chunks are
-- appended by offset (compare-and-set on `received`), so a repeated or resumed chunk never doubles
-- bytes, and `complete` seals it once size and SHA-256 match the declaration.
CREATE TABLE attachment_uploads (
  kiosk_id text NOT NULL,
  submission_key text NOT NULL,
  attachment_id text NOT NULL,
  kind text NOT NULL,
  media_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  received integer NOT NULL DEFAULT 0,
  data bytea NOT NULL DEFAULT ''::bytea,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  CONSTRAINT attachment_uploads_pkey PRIMARY KEY (kiosk_id, submission_key, attachment_id),
  CONSTRAINT attachment_uploads_received_check CHECK (received >= 0 AND received <= size),
  CONSTRAINT attachment_uploads_size_check CHECK (size > 0)
);

-- Status changes (受理 accepted, 办结 completed, 退回 returned) as a per-kiosk feed the kiosks pull
-- with a cursor. A trigger records every change, whoever makes it, in the same transaction. The
-- per-kiosk advisory lock makes sequence numbers commit in order within a kiosk, so a kiosk that
-- has read up to N can never later find an event below N appear (a bigserial alone can).
CREATE TABLE status_events (
  seq bigserial NOT NULL,
  kiosk_id text NOT NULL,
  tracking_code text NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  CONSTRAINT status_events_pkey PRIMARY KEY (seq)
);

CREATE INDEX status_events_kiosk_idx ON status_events (kiosk_id, seq);

CREATE FUNCTION record_status_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('kiosk24.status_events:' || NEW.kiosk_id));
  INSERT INTO status_events (kiosk_id, tracking_code, status, at)
  VALUES (NEW.kiosk_id, NEW.tracking_code, NEW.status, NEW.status_changed_at);
  RETURN NEW;
END
$$;

CREATE TRIGGER submissions_status_event
  AFTER UPDATE OF status ON submissions
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION record_status_event();
