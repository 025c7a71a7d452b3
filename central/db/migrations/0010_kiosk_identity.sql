-- Kiosk identities (issue 6). An admin issues a one-time enrolment token (only its SHA-256 is
-- kept); a kiosk spends it once to register its Ed25519 public key, and signs every request from
-- then on. A revoked kiosk keeps its row (for the record) and is refused at once.

CREATE TABLE enrolment_tokens (
  token_sha256 text NOT NULL,
  -- Bound to one kiosk id and/or district, or NULL: any new kiosk id, any district.
  kiosk_id text,
  district text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by text,
  CONSTRAINT enrolment_tokens_pkey PRIMARY KEY (token_sha256)
);

CREATE TABLE kiosks (
  kiosk_id text NOT NULL,
  district text NOT NULL,
  -- Raw 32-byte Ed25519 public key, base64url.
  public_key text NOT NULL,
  enrolled_at timestamptz NOT NULL,
  enrolment_token_sha256 text NOT NULL,
  revoked_at timestamptz,
  CONSTRAINT kiosks_pkey PRIMARY KEY (kiosk_id)
);

-- Nonces of signed requests seen inside the accepted clock window; a repeat is a replay.
-- Rows past expires_at are purged: the timestamp check refuses those requests anyway.
CREATE TABLE request_nonces (
  kiosk_id text NOT NULL,
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT request_nonces_pkey PRIMARY KEY (kiosk_id, nonce)
);

CREATE INDEX request_nonces_expires_at_idx ON request_nonces (expires_at);
