import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';
import { message } from '#messages';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' || value === '' ? false : value;

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** The entries of TRUSTED_PROXIES (empty when unset: no proxy is trusted). */
export function trustedProxies(config: Pick<AppConfig, 'TRUSTED_PROXIES'>): string[] {
  return (config.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** One entry: a proxy name, an IP address, or a subnet `address/bits` within the family's width. */
export function isTrustedProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

@ValidatorConstraint({ name: 'trustedProxies' })
class TrustedProxiesConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const entries = trustedProxies({ TRUSTED_PROXIES: value });
    return entries.length > 0 && entries.every(isTrustedProxyEntry);
  }
  defaultMessage(): string {
    return 'TRUSTED_PROXIES must list IP addresses, CIDR subnets (10.0.0.0/8) or loopback/linklocal/uniquelocal, separated by commas';
  }
}

/** The roles MFA_REQUIRED_ROLES may name (libs/orgs ROLES; platform does not import orgs). */
export const MFA_ROLE_NAMES = ['cellCommittee', 'baseCommitteeStaff', 'competentStaff', 'organisationDepartment', 'inspection', 'admin'] as const;

/** The roles of MFA_REQUIRED_ROLES (empty: MFA required of no one). */
export function mfaRequiredRoles(config: Pick<AppConfig, 'MFA_REQUIRED_ROLES'>): string[] {
  const raw = (config.MFA_REQUIRED_ROLES ?? '').trim();
  if (raw === '' || raw.toLowerCase() === 'none') return [];
  return raw
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

@ValidatorConstraint({ name: 'mfaRoles' })
class MfaRolesConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && mfaRequiredRoles({ MFA_REQUIRED_ROLES: value }).every((r) => (MFA_ROLE_NAMES as readonly string[]).includes(r));
  }
  defaultMessage(): string {
    return `MFA_REQUIRED_ROLES must list roles among ${MFA_ROLE_NAMES.join(', ')} separated by commas (or be empty)`;
  }
}

/**
 * Every setting the processes read, validated at boot. This class is the one place that reads the
 * environment; a bad or missing value stops the process with a message naming the variable.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Prometheus `/metrics` of the API, on its own port (0: off). Per replica when several share a host. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

  /** Prometheus `/metrics` of the worker (0: off). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT = 9465;

  /** Address the metrics ports bind to: the loopback unless the scraper is elsewhere. */
  @IsString()
  @Matches(/^[0-9a-fA-F.:]+$|^localhost$/, { message: 'METRICS_HOST must be an IP address or localhost' })
  METRICS_HOST = '127.0.0.1';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL!: string;

  /** Bull key prefix; tests use their own so a running dev worker never steals their jobs. */
  @IsString()
  @Matches(/^[a-z0-9:_-]+$/i)
  QUEUE_PREFIX = 'kn';

  /** Signs access and refresh tokens. */
  @IsString()
  @MinLength(32, { message: 'AUTH_TOKEN_SECRET must be at least 32 characters' })
  AUTH_TOKEN_SECRET!: string;

  /** 32-byte key, base64, for column-level encryption of personal data (AES-256-GCM). */
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'DATA_ENCRYPTION_KEY must be 32 bytes in base64 (44 characters)' })
  DATA_ENCRYPTION_KEY!: string;

  /**
   * Earlier data encryption keys (comma-separated, base64), still accepted for reading while a key
   * rotation runs (docs/security.md, "Key rotation"). Empty outside a rotation.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=(\s*,\s*[A-Za-z0-9+/]{43}=)*$/, { message: 'DATA_ENCRYPTION_KEYS_OLD must be 32-byte base64 keys separated by commas' })
  DATA_ENCRYPTION_KEYS_OLD?: string;

  /** The key `keys:rotate` re-encrypts every value to (only the CLI reads it). */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'NEW_DATA_ENCRYPTION_KEY must be 32 bytes in base64 (44 characters)' })
  NEW_DATA_ENCRYPTION_KEY?: string;

  /** Key for the keyed hash (HMAC) that makes encrypted identifiers unique and searchable. */
  @IsString()
  @MinLength(32, { message: 'IDENTITY_HMAC_KEY must be at least 32 characters' })
  IDENTITY_HMAC_KEY!: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

  /** PostgreSQL connections per process. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(500)
  DB_POOL_SIZE = 20;

  /**
   * Backstop TTL of the per-process caches (sessions and grants, organisation settings and roll-up):
   * they are dropped on every instance at once through Redis when the source changes
   * (libs/platform/src/cache/cache-bus.ts); the TTL only bounds a missed message. 0: no caches.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  CACHE_TTL_SECONDS = 30;

  /** Bull lock and stall check: a job whose worker died is retried after this long. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  QUEUE_LOCK_DURATION_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(500)
  QUEUE_STALLED_INTERVAL_MS = 30_000;

  /** Writes (non-GET requests) per user per minute, counted across every API instance (Redis). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WRITES_PER_MINUTE = 600;

  /** Login attempts (login, refresh, MFA, SSO steps) per client address and username per minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGINS_PER_ACCOUNT_PER_MINUTE = 10;

  /** Login attempts per client address per minute (password spraying). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGINS_PER_ADDRESS_PER_MINUTE = 30;

  /**
   * Redis key prefix of the rate-limit counters (shared by every API instance on the same Redis);
   * defaults to `<QUEUE_PREFIX>:rl`. Tests give their own so they never share counters.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9:_-]+$/i, { message: 'RATE_LIMIT_PREFIX may hold letters, digits, ":", "_" and "-" only' })
  RATE_LIMIT_PREFIX?: string;

  /**
   * The reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR
   * subnets, or Express's names loopback, linklocal, uniquelocal). Unset: none, the header is
   * ignored and the client address is the TCP peer's.
   */
  @IsOptional()
  @IsString()
  @Validate(TrustedProxiesConstraint)
  TRUSTED_PROXIES?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** The settable clock for demos and tests; refused in production (see docs/operations.md). */
  @Transform(toBool)
  @IsBoolean()
  CLOCK_CONTROL = false;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsString()
  APP_ROOT?: string;

  /** SMTP server for notification emails (smtp:// or smtps://); without it the email channel is off. */
  @IsOptional()
  @IsString()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /**
   * Single sign-on (OpenID Connect), beside local accounts: the identity provider's issuer URL.
   * Unset: SSO is off and its routes answer 404 (docs/security.md, "Single sign-on").
   */
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'OIDC_ISSUER_URL must be an http(s):// URL' })
  OIDC_ISSUER_URL?: string;

  /** The client registered at the identity provider (needed when OIDC_ISSUER_URL is set). */
  @IsOptional()
  @IsString()
  @Matches(/^\S{1,200}$/, { message: 'OIDC_CLIENT_ID must be a non-empty string without spaces' })
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_SECRET?: string;

  /** Where the identity provider sends the browser back: `https://<host>/api/v1/auth/oidc/callback`. */
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s]+\/api\/v1\/auth\/oidc\/callback$/, { message: 'OIDC_REDIRECT_URI must be an http(s):// URL ending in /api/v1/auth/oidc/callback' })
  OIDC_REDIRECT_URI?: string;

  /** The claim that carries organisation grants, a list of `role@ORGANISATION-CODE`. */
  @IsString()
  @Matches(/^[A-Za-z0-9_:./-]{1,100}$/, { message: 'OIDC_ROLES_CLAIM must be a claim name' })
  OIDC_ROLES_CLAIM = 'ket_nap_grants';

  /** Scopes asked of the identity provider. */
  @IsString()
  @Matches(/^openid( [A-Za-z0-9_:.-]+)*$/, { message: 'OIDC_SCOPES must start with "openid", scopes separated by spaces' })
  OIDC_SCOPES = 'openid profile';

  /**
   * Roles whose holders need a TOTP code at every login (local or SSO), comma-separated; empty (or
   * `none`): no one. The demo data and the tests set it empty.
   */
  @IsString()
  @Validate(MfaRolesConstraint)
  MFA_REQUIRED_ROLES = 'admin,inspection,organisationDepartment';

  /** Sender of notification emails. */
  @IsString()
  @Matches(/^(.+<)?[^@\s<>]+@[^@\s<>]+>?$/, { message: 'SMTP_FROM must be an address, optionally with a name: "Name <a@b>"' })
  SMTP_FROM = 'Kết nạp đảng viên <no-reply@ket-nap.local>';

  /** First retry delay of a failed delivery; each next attempt doubles it (capped at 6 hours). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  NOTIFY_RETRY_BASE_MS = 60_000;

  /** Attempts before a delivery is dead (at most 8). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(8)
  NOTIFY_MAX_ATTEMPTS = 8;

  /** Timeout of one webhook call or SMTP exchange. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  NOTIFY_SEND_TIMEOUT_MS = 10_000;

  /**
   * Where the dossier's uploaded documents are kept, already encrypted with the data key:
   * `postgres` (table document_blobs, the default) or `s3` (an S3-compatible bucket: MinIO, a
   * cloud store). docs/forms.md, "Storage".
   */
  @IsIn(['postgres', 's3'])
  DOCUMENT_STORAGE: 'postgres' | 's3' = 'postgres';

  /** The S3-compatible endpoint (`http://minio:9000`); unset: the provider's default (AWS). */
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'S3_ENDPOINT must be an http(s):// URL' })
  S3_ENDPOINT?: string;

  /** The bucket of the documents (required when DOCUMENT_STORAGE=s3); it must exist. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name: 3-63 lowercase letters, digits, "." and "-"' })
  S3_BUCKET?: string;

  @IsString()
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'S3_REGION must be a region name such as us-east-1' })
  S3_REGION = 'us-east-1';

  /** Credentials of the bucket; both or neither (neither: the SDK's default chain, e.g. an instance role). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style URLs (`endpoint/bucket/key`), as MinIO and most self-hosted stores need. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;
}

/** The earlier data encryption keys of DATA_ENCRYPTION_KEYS_OLD (empty outside a key rotation). */
export function previousEncryptionKeys(config: Pick<AppConfig, 'DATA_ENCRYPTION_KEYS_OLD'>): string[] {
  return (config.DATA_ENCRYPTION_KEYS_OLD ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(message('PLATFORM.INVALID_CONFIGURATION', { problems: problems.join('\n  - ') }));
  }
}

/** Validate a raw environment (process.env or a test's object) into an AppConfig. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of [...known, 'DATABASE_URL', 'REDIS_URL', 'AUTH_TOKEN_SECRET', 'DATA_ENCRYPTION_KEY', 'IDENTITY_HMAC_KEY', 'DATA_ENCRYPTION_KEYS_OLD', 'NEW_DATA_ENCRYPTION_KEY', 'CORS_ORIGINS', 'APP_ROOT', 'SMTP_URL', 'RATE_LIMIT_PREFIX', 'TRUSTED_PROXIES', 'OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI', 'S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  // Set but empty means "no one" here, not "the default".
  if (env.MFA_REQUIRED_ROLES !== undefined) raw.MFA_REQUIRED_ROLES = env.MFA_REQUIRED_ROLES;
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: true });
  const problems = errors.flatMap((e) =>
    e.constraints ? Object.values(e.constraints).map((m) => (m.includes(e.property) ? m : `${e.property}: ${m}`)) : [`${e.property}: invalid`],
  );
  if (config.NODE_ENV === 'production' && config.CLOCK_CONTROL) problems.push('CLOCK_CONTROL: the settable clock is refused in production');
  if (config.DOCUMENT_STORAGE === 's3' && !config.S3_BUCKET) problems.push('S3_BUCKET: required when DOCUMENT_STORAGE=s3');
  if (!config.S3_ACCESS_KEY_ID !== !config.S3_SECRET_ACCESS_KEY)
    problems.push('S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: give both or neither');
  if (config.OIDC_ISSUER_URL) {
    for (const key of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const)
      if (!config[key]) problems.push(`${key}: required when OIDC_ISSUER_URL is set (single sign-on)`);
  } else if (config.OIDC_CLIENT_ID || config.OIDC_CLIENT_SECRET || config.OIDC_REDIRECT_URI) {
    problems.push('OIDC_ISSUER_URL: required when the other OIDC_* settings are set (single sign-on)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
