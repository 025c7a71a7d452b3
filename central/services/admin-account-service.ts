// Admin accounts and console sessions. Sign-in answers the same, after the same scrypt work, for an
// unknown user, a disabled one and a wrong password; a username with 10 failures in 15 minutes is
// locked (429) until the oldest of them leaves the window, whatever password is sent. A session is
// a random 32-byte token the browser keeps in a cookie and the centre keeps as SHA-256 only; it
// ends after 30 idle minutes (each use slides that) and 12 hours after sign-in in any case.
// Account management (account-admin, the console's 账号管理): generated one-time passwords, and
// two guards: nobody disables themselves or changes their own roles there, and the last enabled
// account-admin is never disabled or demoted (checked in the same transaction as the change).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  AdminRole,
  MIN_PASSWORD_LENGTH,
  Password,
  Username,
  type AdminAccount,
  type AdminSelf,
} from '../../contract/admin-api.ts';
import { CentralError } from '../errors.ts';
import type { AdminRepository, StoredAdmin } from '../repositories/admin-repository.ts';
import {
  decoyHash,
  generatePassword,
  hashPassword,
  verifyPassword,
} from '../security/password-hash.ts';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
export const LOCKOUT_FAILURES = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
/** A session's last use is written at most this often (sliding expiry without a write per call). */
const TOUCH_EVERY_MS = 30_000;

export interface SignedInAdmin extends AdminSelf {
  adminId: string;
}

export interface AdminSessionInfo {
  admin: SignedInAdmin;
  /** The cookie's value: shown to the browser once, stored only as SHA-256. */
  token: string;
  expiresAt: Date;
}

export interface AdminAccountService {
  create(input: {
    username: string;
    displayName?: string;
    roles: readonly string[];
    password: string;
  }): Promise<SignedInAdmin>;
  /** Sets a password (CLI `admin passwd`); ends every session of that admin. */
  setPassword(username: string, password: string): Promise<void>;
  /** Disabling ends the sessions; 409 `last-account-admin` for the last enabled account-admin. */
  setDisabled(username: string, disabled: boolean): Promise<void>;
  /** The account list of the console (never a hash). */
  accounts(): Promise<AdminAccount[]>;
  /** Creates an account with a generated password, answered once. */
  createAccount(input: {
    username: string;
    displayName?: string;
    roles: readonly string[];
  }): Promise<{ account: AdminAccount; password: string }>;
  /**
   * Display name, roles, disabled state; disabling ends the sessions. `actor`: the username of
   * the admin asking, who may neither disable their own account nor change its roles (409
   * `own-account`). 409 `last-account-admin` when no enabled account-admin would be left.
   */
  updateAccount(
    username: string,
    change: { displayName?: string; roles?: readonly string[]; disabled?: boolean },
    actor?: string,
  ): Promise<{ before: AdminAccount; after: AdminAccount }>;
  /** A new generated password, answered once; ends the sessions. Not for oneself (409). */
  resetPassword(
    username: string,
    actor?: string,
  ): Promise<{ account: AdminAccount; password: string }>;
  list(): Promise<(SignedInAdmin & { disabled: boolean })[]>;
  /** Throws 401 `sign-in-failed` or 429 `admin-locked`. */
  signIn(username: string, password: string): Promise<AdminSessionInfo>;
  /** The admin behind a live session token, or null (unknown, expired, disabled). */
  resolveSession(token: string): Promise<SignedInAdmin | null>;
  signOut(token: string): Promise<void>;
  /** Needs the current password; ends the admin's other sessions. */
  changeOwnPassword(token: string, current: string, next: string): Promise<void>;
  /** Exists for the audit log's sake: is this a username (and not a mistyped password)? */
  exists(username: string): Promise<boolean>;
  purgeExpired(): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const invalid = (message: string) => new CentralError('invalid', 'invalid-request', message);
const signInFailed = () =>
  new CentralError('unauthenticated', 'sign-in-failed', 'wrong username or password');

function publicOf(a: StoredAdmin): SignedInAdmin {
  return { adminId: a.adminId, username: a.username, displayName: a.displayName, roles: a.roles };
}

function accountOf(a: StoredAdmin): AdminAccount {
  return {
    username: a.username,
    displayName: a.displayName,
    roles: a.roles,
    disabled: a.disabled,
    createdAt: a.createdAt,
    lastSignInAt: a.lastSignInAt,
  };
}

const ownAccount = (message: string) => new CentralError('conflict', 'own-account', message);
const lastAccountAdmin = () =>
  new CentralError(
    'conflict',
    'last-account-admin',
    'this is the last enabled account-admin: give another account the account-admin role first',
  );

function checkPassword(password: string): void {
  if (!Password.safeParse(password).success) {
    throw invalid(`the password must be ${MIN_PASSWORD_LENGTH} to 256 characters`);
  }
}

function checkRoles(roles: readonly string[]) {
  const parsed = AdminRole.array()
    .min(1)
    .safeParse([...new Set(roles)]);
  if (!parsed.success) {
    throw invalid(`roles must be one or more of ${AdminRole.options.join(', ')}`);
  }
  return parsed.data;
}

export function createAdminAccountService(
  repo: AdminRepository,
  now: () => Date = () => new Date(),
): AdminAccountService {
  const lastTouched = new Map<string, number>();
  // Made now, so that even the first sign-in of an unknown user costs one scrypt, not two.
  void decoyHash();

  async function findEnabled(username: string) {
    const admin = await repo.findByUsername(username);
    if (!admin) throw new CentralError('not-found', 'admin-unknown', 'no such admin');
    return admin;
  }

  async function create(input: {
    username: string;
    displayName?: string;
    roles: readonly string[];
    password: string;
  }): Promise<StoredAdmin> {
    if (!Username.safeParse(input.username).success) {
      throw invalid('username: 3–64 of a–z, 0–9, ".", "_", "-", starting with a letter or digit');
    }
    checkPassword(input.password);
    const roles = checkRoles(input.roles);
    const at = now().toISOString();
    const row: StoredAdmin = {
      adminId: randomUUID(),
      username: input.username,
      displayName: (input.displayName ?? input.username).slice(0, 120),
      roles,
      passwordHash: await hashPassword(input.password),
      disabled: false,
      createdAt: at,
      passwordChangedAt: at,
      lastSignInAt: null,
    };
    if (!(await repo.insertAdmin(row))) {
      throw new CentralError('conflict', 'admin-exists', 'this username is taken');
    }
    return row;
  }

  async function updateAccount(
    username: string,
    change: { displayName?: string; roles?: readonly string[]; disabled?: boolean },
    actor?: string,
  ) {
    const roles = change.roles === undefined ? undefined : checkRoles(change.roles);
    const displayName = change.displayName?.trim();
    if (displayName !== undefined && (displayName.length === 0 || displayName.length > 120)) {
      throw invalid('the display name must be 1 to 120 characters');
    }
    const admin = await findEnabled(username);
    if (actor !== undefined && actor === username) {
      if (change.disabled === true) {
        throw ownAccount('you cannot disable your own account');
      }
      // Separation of duties: an account-admin neither grants themselves a role (the case
      // officer's unmasked applicants, say) nor drops their own; another account-admin does.
      const same = (a: readonly string[], b: readonly string[]) =>
        a.length === b.length && a.every((r) => b.includes(r));
      if (roles !== undefined && !same(roles, admin.roles)) {
        throw ownAccount('you cannot change your own roles: another account-admin does that');
      }
    }
    const result = await repo.updateKeepingAccountAdmin(admin.adminId, {
      ...(displayName === undefined ? {} : { displayName }),
      ...(roles === undefined ? {} : { roles }),
      ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
    });
    if (result === 'unknown') throw new CentralError('not-found', 'admin-unknown', 'no such admin');
    if (result === 'last-account-admin') throw lastAccountAdmin();
    // Roles are read at every request, so a role change holds at once; a disabled account's
    // sessions are ended, not just refused.
    if (result.after.disabled) await repo.deleteSessionsOf(admin.adminId);
    return { before: accountOf(result.before), after: accountOf(result.after) };
  }

  async function lockedFor(username: string): Promise<number | null> {
    const at = now().getTime();
    const failures = await repo.failuresSince(username, new Date(at - LOCKOUT_WINDOW_MS));
    if (failures.length < LOCKOUT_FAILURES) return null;
    // Unlocked once enough of them have left the window.
    const oldestThatCounts = failures[failures.length - LOCKOUT_FAILURES]!.getTime();
    return Math.max(1, Math.ceil((oldestThatCounts + LOCKOUT_WINDOW_MS - at) / 1000));
  }

  async function resolveSession(token: string): Promise<SignedInAdmin | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const key = sha256(token);
    const session = await repo.findSession(key);
    if (!session) return null;
    const at = now().getTime();
    if (
      Date.parse(session.expiresAt) <= at ||
      Date.parse(session.lastSeenAt) + SESSION_IDLE_MS <= at
    ) {
      await repo.deleteSession(key);
      return null;
    }
    const admin = await repo.findById(session.adminId);
    if (!admin || admin.disabled) return null;
    const touched = Math.max(lastTouched.get(key) ?? 0, Date.parse(session.lastSeenAt));
    if (at - touched >= TOUCH_EVERY_MS) {
      lastTouched.set(key, at);
      await repo.touchSession(key, new Date(at));
    }
    return publicOf(admin);
  }

  return {
    create: async (input) => publicOf(await create(input)),

    async setPassword(username, password) {
      checkPassword(password);
      const admin = await findEnabled(username);
      await repo.update(admin.adminId, {
        passwordHash: await hashPassword(password),
        passwordChangedAt: now().toISOString(),
      });
      await repo.deleteSessionsOf(admin.adminId);
      await repo.clearFailures(username);
    },

    async setDisabled(username, disabled) {
      await updateAccount(username, { disabled });
    },

    async accounts() {
      return (await repo.list()).map(accountOf);
    },

    async createAccount(input) {
      const password = generatePassword();
      return { account: accountOf(await create({ ...input, password })), password };
    },

    updateAccount,

    async resetPassword(username, actor) {
      if (actor !== undefined && actor === username) {
        throw ownAccount('change your own password under 修改密码: it needs the current one');
      }
      const admin = await findEnabled(username);
      const password = generatePassword();
      const updated = await repo.update(admin.adminId, {
        passwordHash: await hashPassword(password),
        passwordChangedAt: now().toISOString(),
      });
      await repo.deleteSessionsOf(admin.adminId);
      await repo.clearFailures(username);
      return { account: accountOf(updated ?? admin), password };
    },

    async list() {
      return (await repo.list()).map((a) => ({ ...publicOf(a), disabled: a.disabled }));
    },

    async signIn(username, password) {
      const name = username.slice(0, 64);
      const retryAfter = await lockedFor(name);
      if (retryAfter !== null) {
        throw new CentralError(
          'rate-limited',
          'admin-locked',
          'too many failed sign-ins for this username: try again later',
          retryAfter,
        );
      }
      const admin = await repo.findByUsername(name);
      // The same scrypt work whether or not the user exists: the timing tells nothing.
      const ok = await verifyPassword(password, admin?.passwordHash ?? (await decoyHash()));
      if (!admin || !ok || admin.disabled) {
        await repo.recordFailure(name, now());
        throw signInFailed();
      }
      await repo.clearFailures(name);
      const at = now();
      await repo.recordSignIn(admin.adminId, at);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(at.getTime() + SESSION_ABSOLUTE_MS);
      await repo.insertSession({
        tokenSha256: sha256(token),
        adminId: admin.adminId,
        createdAt: at.toISOString(),
        lastSeenAt: at.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
      return { admin: publicOf(admin), token, expiresAt };
    },

    resolveSession,

    async signOut(token) {
      const key = sha256(token);
      lastTouched.delete(key);
      await repo.deleteSession(key);
    },

    async changeOwnPassword(token, current, next) {
      const admin = await resolveSession(token);
      if (!admin) throw new CentralError('unauthenticated', 'session-expired', 'sign in again');
      const stored = await repo.findById(admin.adminId);
      // Guesses here count towards the same lockout as sign-in: a stolen session must not be a
      // way to find the password without limit.
      const retryAfter = stored ? await lockedFor(stored.username) : null;
      if (retryAfter !== null) {
        throw new CentralError(
          'rate-limited',
          'admin-locked',
          'too many wrong passwords for this username: try again later',
          retryAfter,
        );
      }
      if (!stored || !(await verifyPassword(current, stored.passwordHash))) {
        if (stored) await repo.recordFailure(stored.username, now());
        throw new CentralError(
          'unauthenticated',
          'wrong-password',
          'the current password is wrong',
        );
      }
      checkPassword(next);
      if (next === current) throw invalid('the new password must differ from the current one');
      await repo.update(stored.adminId, {
        passwordHash: await hashPassword(next),
        passwordChangedAt: now().toISOString(),
      });
      await repo.deleteSessionsOf(stored.adminId, sha256(token));
    },

    async exists(username) {
      return (await repo.findByUsername(username.slice(0, 64))) !== null;
    },

    async purgeExpired() {
      const at = now().getTime();
      await repo.deleteExpiredSessions(new Date(at), new Date(at - SESSION_IDLE_MS));
      await repo.purgeFailures(new Date(at - LOCKOUT_WINDOW_MS));
      lastTouched.clear();
    },
  };
}
