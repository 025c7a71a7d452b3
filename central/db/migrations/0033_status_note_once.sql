-- A status is reached once (status-transitions.ts), so it has one note: two officers setting the
-- same status at the same moment must not leave two history entries for one change.
DELETE FROM submission_status_notes a
  USING submission_status_notes b
  WHERE a.tracking_code = b.tracking_code AND a.status = b.status
    AND (a.at, a.changed_by) > (b.at, b.changed_by);
CREATE UNIQUE INDEX submission_status_notes_once_idx
  ON submission_status_notes (tracking_code, status);
