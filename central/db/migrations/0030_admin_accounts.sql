-- Admin accounts of the console (issue 6): scrypt password hashes with a per-user salt (the
-- parameters travel in the hash text, security/password-hash.ts), roles, a disabled flag. Sessions
-- are random 32-byte tokens kept as SHA-256 only; failed sign-ins are counted per username for
-- the lockout (10 in 15 minutes).

CREATE TABLE admins (
  admin_id text NOT NULL,
  username text NOT NULL,
  display_name text NOT NULL,
  roles jsonb NOT NULL,
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  password_changed_at timestamptz NOT NULL,
  CONSTRAINT admins_pkey PRIMARY KEY (admin_id),
  CONSTRAINT admins_username_key UNIQUE (username)
);

CREATE TABLE admin_sessions (
  token_sha256 text NOT NULL,
  admin_id text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT admin_sessions_pkey PRIMARY KEY (token_sha256),
  CONSTRAINT admin_sessions_admin_fkey FOREIGN KEY (admin_id) REFERENCES admins (admin_id)
    ON DELETE CASCADE
);

CREATE INDEX admin_sessions_admin_idx ON admin_sessions (admin_id);

CREATE TABLE admin_sign_in_failures (
  username text NOT NULL,
  at timestamptz NOT NULL
);

CREATE INDEX admin_sign_in_failures_idx ON admin_sign_in_failures (username, at);
