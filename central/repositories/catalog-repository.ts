// Roots and catalog publications, as rows. Envelopes are stored as the exact JSON text served.
// Version numbers are taken under an advisory lock inside the publishing transaction, so two
// central processes publishing at once still produce 1, 2, 3… and never the same number twice.
import type { CatalogTarget } from '../../contract/catalog-publishing.ts';
import type { Db, Queryable } from '../db/db.ts';
import { ADVISORY_LOCKS } from '../db/advisory-locks.ts';

export interface StoredRoot {
  version: number;
  envelope: string;
  expiresAt: string;
  createdAt: string;
}

export interface StoredPublication {
  version: number;
  target: CatalogTarget;
  envelope: string;
  contentSha256: string;
  rootVersion: number;
  publishedAt: string;
  expiresAt: string;
  publishedBy: string;
}

export interface CatalogRepository {
  /** Serialises publishing and root changes until the transaction ends. */
  lock(): Promise<void>;
  latestRoot(): Promise<StoredRoot | null>;
  root(version: number): Promise<StoredRoot | null>;
  insertRoot(row: StoredRoot): Promise<void>;
  latestPublicationVersion(): Promise<number>;
  insertPublication(row: StoredPublication): Promise<void>;
  /** The newest publication targeted at all kiosks and every one after it, newest first. */
  liveCandidates(): Promise<StoredPublication[]>;
  list(limit: number): Promise<StoredPublication[]>;
  /** One publication by version, or null (the admin console's editor). */
  findPublication(version: number): Promise<StoredPublication | null>;
  transaction<T>(fn: (repo: CatalogRepository) => Promise<T>): Promise<T>;
}

const PUBLISHING_LOCK = ADVISORY_LOCKS.publishing;

const iso = (value: Date | string) => new Date(value).toISOString();

interface RootRow {
  version: number;
  envelope: string;
  expires_at: Date | string;
  created_at: Date | string;
  [column: string]: unknown;
}

interface PublicationRow {
  version: number;
  target: CatalogTarget;
  envelope: string;
  content_sha256: string;
  root_version: number;
  published_at: Date | string;
  expires_at: Date | string;
  published_by: string;
  [column: string]: unknown;
}

const rootFromRow = (r: RootRow): StoredRoot => ({
  version: r.version,
  envelope: r.envelope,
  expiresAt: iso(r.expires_at),
  createdAt: iso(r.created_at),
});

const publicationFromRow = (r: PublicationRow): StoredPublication => ({
  version: r.version,
  target: r.target,
  envelope: r.envelope,
  contentSha256: r.content_sha256,
  rootVersion: r.root_version,
  publishedAt: iso(r.published_at),
  expiresAt: iso(r.expires_at),
  publishedBy: r.published_by,
});

function bind(q: Queryable, transaction: CatalogRepository['transaction']): CatalogRepository {
  return {
    async lock() {
      await q.query(`SELECT pg_advisory_xact_lock(${PUBLISHING_LOCK})`);
    },

    async latestRoot() {
      const { rows } = await q.query<RootRow>(
        'SELECT * FROM catalog_roots ORDER BY version DESC LIMIT 1',
      );
      return rows[0] ? rootFromRow(rows[0]) : null;
    },

    async root(version) {
      const { rows } = await q.query<RootRow>('SELECT * FROM catalog_roots WHERE version = $1', [
        version,
      ]);
      return rows[0] ? rootFromRow(rows[0]) : null;
    },

    async insertRoot(row) {
      await q.query(
        `INSERT INTO catalog_roots (version, envelope, expires_at, created_at)
         VALUES ($1, $2, $3, $4)`,
        [row.version, row.envelope, row.expiresAt, row.createdAt],
      );
    },

    async latestPublicationVersion() {
      const { rows } = await q.query<{ v: number | null }>(
        'SELECT max(version)::int AS v FROM catalog_publications',
      );
      return rows[0]?.v ?? 0;
    },

    async insertPublication(row) {
      await q.query(
        `INSERT INTO catalog_publications (version, target, target_kind, envelope, content_sha256,
           root_version, published_at, expires_at, published_by)
         VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9)`,
        [
          row.version,
          JSON.stringify(row.target),
          row.target.kind,
          row.envelope,
          row.contentSha256,
          row.rootVersion,
          row.publishedAt,
          row.expiresAt,
          row.publishedBy,
        ],
      );
    },

    async liveCandidates() {
      const { rows } = await q.query<PublicationRow>(
        `SELECT * FROM catalog_publications
         WHERE version >= COALESCE(
           (SELECT max(version) FROM catalog_publications WHERE target_kind = 'all'), 0)
         ORDER BY version DESC`,
      );
      return rows.map(publicationFromRow);
    },

    async list(limit) {
      const { rows } = await q.query<PublicationRow>(
        'SELECT * FROM catalog_publications ORDER BY version DESC LIMIT $1',
        [limit],
      );
      return rows.map(publicationFromRow);
    },

    async findPublication(version) {
      const { rows } = await q.query<PublicationRow>(
        'SELECT * FROM catalog_publications WHERE version = $1',
        [version],
      );
      return rows[0] ? publicationFromRow(rows[0]) : null;
    },

    transaction,
  };
}

export function createSqlCatalogRepository(db: Db): CatalogRepository {
  const transaction: CatalogRepository['transaction'] = (fn) =>
    db.transaction((tx) => fn(bind(tx, () => Promise.reject(new Error('nested transaction')))));
  return bind(db, transaction);
}
