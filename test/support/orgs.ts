import { DataSource } from 'typeorm';
import {
  AccessService,
  IdentityCipher,
  OrganisationConfigService,
  OrganisationService,
  PersonService,
  RosterService,
  UserService,
} from '../../libs/orgs/src/index.js';
import { dataSourceOptions } from '../../libs/platform/src/index.js';
import { testConfig } from './config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** The orgs services on a fresh migrated database, wired by hand (no Nest), for integration tests. */
export interface OrgsFixture {
  db: TestDatabase;
  ds: DataSource;
  cipher: IdentityCipher;
  orgs: OrganisationService;
  config: OrganisationConfigService;
  people: PersonService;
  roster: RosterService;
  users: UserService;
  access: AccessService;
  close(): Promise<void>;
}

export async function startOrgsFixture(): Promise<OrgsFixture> {
  const db = await createTestDatabase();
  const cfg = testConfig(db.url);
  const ds = new DataSource(dataSourceOptions({ url: db.url, applicationName: 'orgs-test', poolSize: 4 }));
  await ds.initialize();
  const cipher = new IdentityCipher(cfg.DATA_ENCRYPTION_KEY, cfg.IDENTITY_HMAC_KEY);
  const orgs = new OrganisationService(ds);
  const config = new OrganisationConfigService(ds, orgs);
  return {
    db,
    ds,
    cipher,
    orgs,
    config,
    people: new PersonService(ds, cipher, orgs),
    roster: new RosterService(ds, orgs, config),
    users: new UserService(ds),
    access: new AccessService(ds),
    close: async () => {
      await ds.destroy();
      await db.drop();
    },
  };
}
