-- The admin audit log (issue 6): one row per admin action (every non-GET request under
-- /api/v1/admin/, refused ones included). Append-only: a trigger refuses UPDATE and DELETE, and
-- each row carries a SHA-256 over the previous row's hash and its own fields, so an edit made by
-- someone who can bypass the trigger (the database owner) is still detected by the chain check.
-- Never personal data of citizens or passwords.

CREATE TABLE admin_audit (
  seq bigserial NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target jsonb NOT NULL,
  status integer NOT NULL,
  detail text,
  ip text,
  hash text NOT NULL,
  CONSTRAINT admin_audit_pkey PRIMARY KEY (seq)
);

CREATE INDEX admin_audit_at_idx ON admin_audit (at);

CREATE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'admin_audit is append-only';
END
$$;

CREATE TRIGGER admin_audit_no_change
  BEFORE UPDATE OR DELETE ON admin_audit
  FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();
