// Admin accounts from outside a running centre: `kiosk24 central admin add|passwd` and the demo.
// Opens (and migrates) the database, hands over the account service, closes. An embedded
// `pglite:DIR` database is one process's at a time: stop that centre first.
import { openDatabase } from './db/open-database.ts';
import { createSqlAdminRepository } from './repositories/admin-repository.ts';
import {
  createAdminAccountService,
  type AdminAccountService,
} from './services/admin-account-service.ts';

export { generatePassword } from './security/password-hash.ts';
export type { AdminAccountService } from './services/admin-account-service.ts';

export async function withAdminAccounts<T>(
  db: string,
  fn: (accounts: AdminAccountService) => Promise<T>,
): Promise<T> {
  const opened = await openDatabase(db);
  try {
    return await fn(createAdminAccountService(createSqlAdminRepository(opened)));
  } finally {
    await opened.close();
  }
}
