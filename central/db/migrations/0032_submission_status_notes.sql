-- Who changed a submission's status in the console, and the case officer's note. The change
-- itself goes through submissions.status (and its trigger into the kiosks' status feed); this is
-- the console's history beside it. Indexes for the inbox and the statistics' date ranges.

CREATE TABLE submission_status_notes (
  tracking_code text NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  changed_by text NOT NULL,
  note text
);

CREATE INDEX submission_status_notes_code_idx ON submission_status_notes (tracking_code, at);
CREATE INDEX submissions_received_idx ON submissions (received_at, tracking_code);
CREATE INDEX submissions_submitted_idx ON submissions (submitted_at);
CREATE INDEX ratings_rated_idx ON ratings (rated_at);
