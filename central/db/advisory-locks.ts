// The PostgreSQL advisory-lock keys of the central platform, in one table so that no two
// concerns share a key by accident (sharing one would make unrelated work wait for each other,
// or deadlock). Each is four ASCII letters "k24?" read as a 32-bit number; every central process
// uses the same values.
export const ADVISORY_LOCKS = {
  /** Migrations: one process migrates, the others wait ("k24c"). */
  migration: 0x6b323463,
  /** The audit log's hash chain: one appender at a time ("k24a"). */
  audit: 0x6b323461,
  /** Catalog publishing: versions handed out in order ("k24p"). */
  publishing: 0x6b323470,
  /** Changes that could take away the last enabled account-admin ("k24k"). */
  accountAdmin: 0x6b32346b,
} as const;
