-- Signed catalog publishing (issue 6), in the way of The Update Framework. Roots list the keys
-- that may sign roots and catalogs; each publication is one catalog version, signed, with its
-- target (all, districts, kiosks, a percentage). Envelopes are kept as the exact text served, so
-- what a kiosk verifies is byte for byte what was signed. Private keys are never stored here.

CREATE TABLE catalog_roots (
  version integer NOT NULL,
  envelope text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT catalog_roots_pkey PRIMARY KEY (version)
);

CREATE TABLE catalog_publications (
  version integer NOT NULL,
  target jsonb NOT NULL,
  target_kind text NOT NULL,
  envelope text NOT NULL,
  content_sha256 text NOT NULL,
  root_version integer NOT NULL,
  published_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  published_by text NOT NULL,
  CONSTRAINT catalog_publications_pkey PRIMARY KEY (version),
  CONSTRAINT catalog_publications_root_fkey
    FOREIGN KEY (root_version) REFERENCES catalog_roots (version),
  CONSTRAINT catalog_publications_target_kind_check
    CHECK (target_kind IN ('all', 'districts', 'kiosks', 'percentage'))
);

CREATE INDEX catalog_publications_target_kind_idx ON catalog_publications (target_kind, version);
