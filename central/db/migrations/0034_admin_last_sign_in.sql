-- The account list of the console (account-admin) shows when each admin last signed in. Null for
-- accounts that have not signed in since this column exists. Roles stay unconstrained jsonb: the
-- contract's enum (contract/admin-api.ts) is checked by the service, so a new role such as
-- account-admin needs no change here.
ALTER TABLE admins ADD COLUMN last_sign_in_at timestamptz;
