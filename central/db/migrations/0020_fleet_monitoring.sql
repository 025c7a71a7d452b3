-- Fleet monitoring (issue 6 item 5): the latest heartbeat of each kiosk as one row, updated in
-- place; alerts raised once per condition and cleared when it is gone; remote actions handed to
-- the kiosk on its next heartbeat.

-- One row per kiosk that has ever beaten. 20,000 kiosks beat every minute, so a beat is one
-- UPDATE of this row: no index but the primary key (whose column never changes), and room left
-- in each page so PostgreSQL can update in place (HOT) without touching the index.
CREATE TABLE fleet_state (
  kiosk_id text NOT NULL,
  last_heartbeat_at timestamptz NOT NULL,
  -- The kiosk's own clock when it sent that beat (the console shows the skew).
  sent_at timestamptz NOT NULL,
  software_version text NOT NULL,
  catalog_version integer NOT NULL,
  devices jsonb NOT NULL,
  queue jsonb NOT NULL,
  disk jsonb NOT NULL,
  uptime_seconds double precision NOT NULL,
  session_active boolean NOT NULL,
  -- Keys ("kind:device") of the alerts open for this kiosk: a beat compares its conditions with
  -- these and touches fleet_alerts only when they differ.
  conditions jsonb NOT NULL DEFAULT '[]'::jsonb,
  CONSTRAINT fleet_state_pkey PRIMARY KEY (kiosk_id),
  CONSTRAINT fleet_state_kiosk_fkey FOREIGN KEY (kiosk_id) REFERENCES kiosks (kiosk_id)
) WITH (fillfactor = 70);

CREATE TABLE fleet_alerts (
  id uuid NOT NULL,
  kiosk_id text NOT NULL,
  kind text NOT NULL,
  -- The device for paper and device alerts, NULL for the kiosk as a whole.
  device text,
  detail text NOT NULL,
  raised_at timestamptz NOT NULL,
  cleared_at timestamptz,
  CONSTRAINT fleet_alerts_pkey PRIMARY KEY (id),
  CONSTRAINT fleet_alerts_kiosk_fkey FOREIGN KEY (kiosk_id) REFERENCES kiosks (kiosk_id)
);

-- At most one open alert per kiosk, kind and device: raising it again does nothing.
CREATE UNIQUE INDEX fleet_alerts_open_idx
  ON fleet_alerts (kiosk_id, kind, COALESCE(device, ''))
  WHERE cleared_at IS NULL;
CREATE INDEX fleet_alerts_kiosk_raised_idx ON fleet_alerts (kiosk_id, raised_at DESC);
CREATE INDEX fleet_alerts_raised_idx ON fleet_alerts (raised_at DESC);

CREATE TABLE remote_actions (
  id uuid NOT NULL,
  kiosk_id text NOT NULL,
  kind text NOT NULL,
  -- pending → delivered (in a heartbeat's answer) → done | failed (reported on a later beat);
  -- pending → expired when no beat took it in time.
  state text NOT NULL,
  requested_at timestamptz NOT NULL,
  requested_by text NOT NULL,
  delivered_at timestamptz,
  completed_at timestamptz,
  detail text,
  CONSTRAINT remote_actions_pkey PRIMARY KEY (id),
  CONSTRAINT remote_actions_kiosk_fkey FOREIGN KEY (kiosk_id) REFERENCES kiosks (kiosk_id),
  CONSTRAINT remote_actions_state_check
    CHECK (state IN ('pending', 'delivered', 'done', 'failed', 'expired'))
);

-- A heartbeat looks for pending actions of its kiosk: almost always none, found in this small
-- partial index. One pending action per kind: asking again returns the waiting one.
CREATE UNIQUE INDEX remote_actions_pending_idx
  ON remote_actions (kiosk_id, kind)
  WHERE state = 'pending';
CREATE INDEX remote_actions_kiosk_requested_idx ON remote_actions (kiosk_id, requested_at DESC);
