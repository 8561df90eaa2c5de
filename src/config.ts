// Over 300 lines: the one place Homeward reads its environment, every variable parsed and checked beside the others.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { apiRoles, SHARING_ROUTE_PATTERN, type ApiRole, type CaseSharing } from './domain/authorisation';
import { parseDuration, policySchema, scalePolicy, type CasePolicy } from './domain/policy';
import { staffRecipientRoles, type StaffRecipientRole } from './domain/recipients';

/** The one place Homeward reads its environment. Every variable is documented in README.md. */

export interface ApiKey {
  key: string;
  role: ApiRole;
  /** The actor recorded in the audit trail for every action taken with this key. */
  actorId: string;
  /** Only for labs: the partner lab this key speaks for. */
  labId?: string;
  /** For other roles: the organisation whose cases the key is confined to (unset: every case). */
  organisation?: string;
}

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const port = z.coerce.number().int().min(1).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * `key:role:actor[:labId or organisation]` entries separated by commas, e.g.
 * `k1:coordinator:ana:ua-authority,k2:lab:lab-kyiv:lab-kyiv`.
 */
const apiKeys = z.string().transform((value, ctx): ApiKey[] => {
  const keys: ApiKey[] = [];
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [key, role, actorId, fourth] = entry.split(':');
    const labId = role === 'lab' ? fourth : undefined;
    if (!key || key.length < 16) {
      ctx.addIssue({ code: 'custom', message: 'each key must be at least 16 characters' });
      return z.NEVER;
    }
    if (!role || !(apiRoles as readonly string[]).includes(role)) {
      ctx.addIssue({
        code: 'custom',
        message: `role must be one of ${apiRoles.join(', ')} (entry for key ${key.slice(0, 4)}…)`,
      });
      return z.NEVER;
    }
    if (!actorId) {
      ctx.addIssue({ code: 'custom', message: `missing actor id (entry for key ${key.slice(0, 4)}…)` });
      return z.NEVER;
    }
    if (role === 'lab' && !labId) {
      ctx.addIssue({
        code: 'custom',
        message: `a lab key needs a lab id as its fourth part (key ${key.slice(0, 4)}…)`,
      });
      return z.NEVER;
    }
    keys.push({
      key,
      role: role as ApiRole,
      actorId,
      ...(labId ? { labId } : {}),
      ...(role !== 'lab' && fourth ? { organisation: fourth } : {}),
    });
  }
  return keys;
});

/** `id:base64key` entries separated by commas; each key is 32 bytes (AES-256). */
const encryptionKeys = z.string().transform((value, ctx): EncryptionKey[] => {
  const keys: EncryptionKey[] = [];
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (separator < 1 || key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'each entry must be `keyId:<32 bytes in base64>`' });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  return keys;
});

export interface StaffAddress {
  role: StaffRecipientRole;
  /** A staff or lab reference; without it, the entry serves every member of the role. */
  id?: string;
  address: string;
  language: 'uk' | 'ru' | 'en';
}

/** `role[:id]=address[:language]` entries separated by commas, e.g. `supervisor=sup@example.org:uk`. */
const staffEmails = z.string().transform((value, ctx): StaffAddress[] => {
  const entries: StaffAddress[] = [];
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [who, where] = entry.split('=');
    const [role, id] = (who ?? '').split(':');
    const [address, language = 'en'] = (where ?? '').split(':');
    if (!role || !(staffRecipientRoles as readonly string[]).includes(role)) {
      ctx.addIssue({
        code: 'custom',
        message: `role must be one of ${staffRecipientRoles.join(', ')} (entry "${who}")`,
      });
      return z.NEVER;
    }
    if (!address || !z.email().safeParse(address).success) {
      ctx.addIssue({
        code: 'custom',
        message: `entry for ${who} needs an email address: role[:id]=address[:language]`,
      });
      return z.NEVER;
    }
    if (language !== 'uk' && language !== 'ru' && language !== 'en') {
      ctx.addIssue({ code: 'custom', message: `language must be uk, ru or en (entry for ${who})` });
      return z.NEVER;
    }
    entries.push({ role: role as StaffRecipientRole, ...(id ? { id } : {}), address, language });
  }
  return entries;
});

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),

  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('homeward-cases'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1).optional(),

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  /** Serves the API's Prometheus metrics at /metrics on this port (on API_HOST) when set. */
  API_METRICS_PORT: port.optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  API_KEYS: apiKeys.optional(),

  CASE_SHARING: z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a JSON object, e.g. {"RU>UA": ["ua-authority", "neutral-desk"]}',
        });
        return z.NEVER;
      }
    })
    .pipe(
      z.record(z.string(), z.array(z.string().min(1)).max(100)).superRefine((sharing, ctx) => {
        for (const route of Object.keys(sharing).filter((key) => !SHARING_ROUTE_PATTERN.test(key)))
          ctx.addIssue({
            code: 'custom',
            message: `"${route}" is not a route: use "RU>UA", "RU>*", "*>UA" or "*" (country codes in capitals)`,
          });
      }),
    )
    .optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_JWKS_URL: z.url().optional(),
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  OIDC_ORGANISATION_CLAIM: z.string().min(1).default('organisation'),
  DESK_OIDC_CLIENT_ID: z.string().min(1).default('homeward-desk'),
  DESK_OIDC_CLIENT_SECRET: z.string().min(8, 'use at least 8 characters').optional(),
  DESK_OIDC_SCOPE: z.string().min(1).default('openid'),

  ENCRYPTION_KEYS: encryptionKeys.optional(),
  ENCRYPTION_KEY_ID: z.string().min(1).optional(),
  CODEC_CORS_ORIGINS: z.string().default('http://localhost:8233'),
  CONSENT_TOKEN_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
  HEALTH_CONTENT_FOR_COORDINATORS: bool.default(false),
  RATE_LIMIT_WINDOW: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseDuration(/^\d+$/.test(value) ? Number(value) : value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .pipe(z.number().int().min(1000, 'use at least one second'))
    .default(60_000),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(1000),
  RATE_LIMIT_CONSENT_MAX: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_LABS_MAX: z.coerce.number().int().min(1).default(120),
  AUTH_FAILURE_MAX: z.coerce.number().int().min(1).default(20),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),

  // 500 kept the worker at a 562 MiB peak with 35,000 cases open (bench/RESULTS.md, section 3), within 1 GiB.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).default(40),
  START_TEMPORAL_UI: bool.default(true),
  /** Which process a container runs (read by the container health probe). */
  HOMEWARD_ROLE: z.enum(['api', 'worker']).optional(),
  WORKER_HEALTH_PORT: port.optional(),
  /** Serves the SDK's Prometheus exporter at /metrics on this port when set: its series and Homeward's counters. */
  WORKER_METRICS_PORT: port.optional(),
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** How long a case's task waits on this worker's own queue before any worker may take it (the SDK's default). */
  WORKER_STICKY_QUEUE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  /**
   * Off only in the test that shows what the guard prevents (src/workers/unfinished-task-guard.ts): without it, a
   * query after a worker crash can leave a case whose history no longer replays.
   */
  WORKER_GUARD_UNFINISHED_TASKS: bool.default(true),
  /**
   * How a call into the workflow sandbox that never returns is caught (src/workers/workflow-call-watchdog.ts): one
   * watchdog per workflow thread, or the SDK's timeout on every call (an OS thread each; the benchmark's baseline).
   */
  WORKER_WORKFLOW_CALL_GUARD: z.enum(['watchdog', 'per-call']).default('watchdog'),
  WORKER_WORKFLOW_CALL_LIMIT_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  /**
   * How far V8 lets a heap grow past its live data before the next full collection; 0 leaves V8's own choice (up to
   * four times). 25 halves the worker's peak RSS at 6,000 open cases for 17% more worker CPU (bench/RESULTS.md).
   */
  WORKER_HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(400).default(25),
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),

  CASE_POLICY: z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object (see the policy section of README.md)' });
        return z.NEVER;
      }
    })
    .pipe(policySchema)
    .optional(),
  POLICY_TIME_SCALE: z.coerce.number().min(1).max(10_000_000).default(1),

  PARTNER_REGISTRIES_URL: z.url().optional(),
  PARTNER_LABS_URL: z.url().optional(),
  PARTNER_TRAVEL_DOCUMENTS_URL: z.url().optional(),
  PARTNER_TRANSIT_URL: z.url().optional(),
  PARTNER_TOKEN: z.string().min(8, 'use at least 8 characters').optional(),
  PARTNER_REGISTRIES_TOKEN: z.string().min(8, 'use at least 8 characters').optional(),
  PARTNER_LABS_TOKEN: z.string().min(8, 'use at least 8 characters').optional(),
  PARTNER_TRAVEL_DOCUMENTS_TOKEN: z.string().min(8, 'use at least 8 characters').optional(),
  PARTNER_TRANSIT_TOKEN: z.string().min(8, 'use at least 8 characters').optional(),
  PARTNER_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  SIMULATOR_PORT: port.default(3100),

  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Homeward <no-reply@homeward.invalid>'),
  MAIL_CATCHER_PORT: port.default(2525),
  STAFF_EMAILS: staffEmails.optional(),
});

export type Environment = z.input<typeof environmentSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  dataDir: string;
  temporal: {
    /** Unset: `npm run dev` starts an embedded dev server. */
    address?: string;
    namespace: string;
    taskQueue: string;
    port: number;
    uiPort: number;
    startUi: boolean;
    cliPath?: string;
    testServerPath?: string;
  };
  api: {
    host: string;
    port: number;
    /** Serves /metrics (Prometheus) when set. */
    metricsPort?: number;
    publicBaseUrl: string;
    keys: ApiKey[];
    /** The desk offers the keys' holders as accounts to pick, without a key: only with the development defaults. */
    devSignIn?: boolean;
    /** Signs consent links; generated in development. */
    consentTokenSecret: string;
    /** Coordinators and supervisors read a health summary's content, not only its status (HEALTH_CONTENT_FOR_COORDINATORS). */
    healthContentForCoordinators: boolean;
    /** The parties each case is shared with beside its registering organisation, by route (CASE_SHARING). */
    sharing: CaseSharing;
    /** Staff sign in through this OpenID Connect provider; its access tokens are accepted beside API keys. */
    oidc?: OidcConfig;
    /** Requests per client address per window; consent links and lab results have their own, stricter budgets. */
    rateLimit: { windowMs: number; max: number; consentMax: number; labsMax: number; authFailureMax: number };
  };
  encryption: {
    keys: EncryptionKey[];
    currentKeyId?: string;
    corsOrigins: string[];
    /**
     * `npm run dev` only: the embedded Temporal UI's origins, whose codec requests decode as the dev operator with no
     * key (the UI's CLI takes a codec endpoint but no credentials setting).
     */
    devUiOrigins?: string[];
  };
  databaseUrl?: string;
  /** The case policy every new case starts with (durations already divided by POLICY_TIME_SCALE). */
  policy: CasePolicy;
  /** Outside parties; a party without a URL is served by the partner simulator in development. */
  partners: {
    registries?: PartnerEndpoint;
    labs?: PartnerEndpoint;
    travelDocuments?: PartnerEndpoint;
    transit?: PartnerEndpoint;
    timeoutMs: number;
    simulatorPort: number;
  };
  mail: {
    /** Unset: `npm run dev` starts a mail catcher and points here. */
    smtpUrl?: string;
    from: string;
    catcherPort: number;
    staff: StaffAddress[];
  };
  worker: {
    maxCachedWorkflows: number;
    maxConcurrentActivities: number;
    maxConcurrentWorkflowTasks: number;
    shutdownGraceSeconds: number;
    stickyQueueTimeoutSeconds: number;
    guardUnfinishedTasks: boolean;
    workflowCallGuard: 'watchdog' | 'per-call';
    workflowCallLimitSeconds: number;
    /** V8's heap growing factor, applied to the whole worker process; 0 leaves V8's own. */
    heapGrowingPercent: number;
    /** Serves GET /healthz for container probes when set. */
    healthPort?: number;
    /** Serves the Temporal runtime's metrics, Homeward's counters among them, at /metrics (Prometheus) when set. */
    metricsPort?: number;
    /** A prebuilt workflow bundle (the Docker image has one); otherwise workflows are bundled at start. */
    bundlePath?: string;
  };
}

export interface OidcConfig {
  issuer: string;
  /** The `aud` an access token must carry to be taken by Homeward. */
  audience: string;
  /** Where the token carries the caller's roles (a dotted path: `realm_access.roles` for Keycloak). */
  rolesClaim: string;
  /** Where it carries the caller's organisation. */
  organisationClaim: string;
  /** The provider's keys, when Homeward reaches them elsewhere than discovery says (inside a compose network). */
  jwksUrl?: string;
  /** The desk's client at the provider (authorization code with PKCE): public, or confidential with a secret. */
  desk?: { clientId: string; clientSecret?: string; scope: string };
}

export interface PartnerEndpoint {
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Secrets may come from files (Docker or Kubernetes secrets): `API_KEYS_FILE=/run/secrets/api_keys`. */
const secretVariables = [
  'API_KEYS',
  'DESK_OIDC_CLIENT_SECRET',
  'ENCRYPTION_KEYS',
  'CONSENT_TOKEN_SECRET',
  'DATABASE_URL',
  'SMTP_URL',
  'PARTNER_TOKEN',
];

function readSecretFiles(environment: Record<string, string>): Record<string, string> {
  const resolved = { ...environment };
  for (const name of secretVariables) {
    const file = environment[`${name}_FILE`];
    if (!file) continue;
    if (environment[name])
      throw new ConfigError(`Homeward's configuration is invalid:\n  ${name}: set ${name} or ${name}_FILE, not both`);
    try {
      resolved[name] = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(
        `Homeward's configuration is invalid:\n  ${name}_FILE: cannot read ${file} (${(error as Error).message})`,
      );
    }
    delete resolved[`${name}_FILE`];
  }
  return resolved;
}

export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const present = readSecretFiles(
    Object.fromEntries(
      Object.entries(environment).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
      ),
    ),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
    );
    throw new ConfigError(`Homeward's configuration is invalid:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  const keys = e.ENCRYPTION_KEYS ?? [];
  const currentKeyId = e.ENCRYPTION_KEY_ID ?? keys[0]?.id;
  if (currentKeyId && keys.length > 0 && !keys.some((key) => key.id === currentKeyId)) {
    throw new ConfigError(
      `Homeward's configuration is invalid:\n  ENCRYPTION_KEY_ID: no key "${currentKeyId}" in ENCRYPTION_KEYS`,
    );
  }
  if (Boolean(e.OIDC_ISSUER) !== Boolean(e.OIDC_AUDIENCE)) {
    throw new ConfigError(
      `Homeward's configuration is invalid:\n  ${e.OIDC_ISSUER ? 'OIDC_AUDIENCE' : 'OIDC_ISSUER'}: set OIDC_ISSUER and OIDC_AUDIENCE together (the provider, and the audience its tokens name Homeward by)`,
    );
  }
  if (e.NODE_ENV === 'production') {
    const missing = [
      !e.API_KEYS?.length &&
        !e.OIDC_ISSUER &&
        'API_KEYS: production needs at least one API key, or an OpenID Connect provider (OIDC_ISSUER)',
      !keys.length && 'ENCRYPTION_KEYS: production needs an encryption key for workflow payloads',
      !e.CONSENT_TOKEN_SECRET && 'CONSENT_TOKEN_SECRET: production needs a secret to sign consent links',
      !e.TEMPORAL_ADDRESS && 'TEMPORAL_ADDRESS: production connects to an existing Temporal cluster',
      ...(
        [
          'PARTNER_REGISTRIES_URL',
          'PARTNER_LABS_URL',
          'PARTNER_TRAVEL_DOCUMENTS_URL',
          'PARTNER_TRANSIT_URL',
          'SMTP_URL',
        ] as const
      ).map((name) => !e[name] && `${name}: production talks to real partners, never to the simulator`),
      // Reminders and escalations go to people: without their addresses a case would stall at its first escalation.
      !['supervisor', 'neutral-desk'].every((role) => e.STAFF_EMAILS?.some((entry) => entry.role === role)) &&
        'STAFF_EMAILS: production needs at least the supervisor and neutral-desk addresses (role=address:language)',
    ].filter(Boolean);
    if (missing.length) throw new ConfigError(`Homeward's configuration is invalid:\n  ${missing.join('\n  ')}`);
  }
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    temporal: {
      ...(e.TEMPORAL_ADDRESS ? { address: e.TEMPORAL_ADDRESS } : {}),
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      startUi: e.START_TEMPORAL_UI,
      ...(e.TEMPORAL_CLI_PATH ? { cliPath: e.TEMPORAL_CLI_PATH } : {}),
      ...(e.TEMPORAL_TEST_SERVER_PATH ? { testServerPath: e.TEMPORAL_TEST_SERVER_PATH } : {}),
    },
    api: {
      host: e.API_HOST,
      port: e.API_PORT,
      ...(e.API_METRICS_PORT ? { metricsPort: e.API_METRICS_PORT } : {}),
      publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.API_PORT}`,
      keys: e.API_KEYS ?? [],
      sharing: e.CASE_SHARING ?? {},
      ...(e.OIDC_ISSUER && e.OIDC_AUDIENCE
        ? {
            oidc: {
              issuer: e.OIDC_ISSUER,
              audience: e.OIDC_AUDIENCE,
              rolesClaim: e.OIDC_ROLES_CLAIM,
              organisationClaim: e.OIDC_ORGANISATION_CLAIM,
              ...(e.OIDC_JWKS_URL ? { jwksUrl: e.OIDC_JWKS_URL } : {}),
              desk: {
                clientId: e.DESK_OIDC_CLIENT_ID,
                scope: e.DESK_OIDC_SCOPE,
                ...(e.DESK_OIDC_CLIENT_SECRET ? { clientSecret: e.DESK_OIDC_CLIENT_SECRET } : {}),
              },
            },
          }
        : {}),
      consentTokenSecret: e.CONSENT_TOKEN_SECRET ?? '',
      healthContentForCoordinators: e.HEALTH_CONTENT_FOR_COORDINATORS,
      rateLimit: {
        windowMs: e.RATE_LIMIT_WINDOW,
        max: e.RATE_LIMIT_MAX,
        consentMax: e.RATE_LIMIT_CONSENT_MAX,
        labsMax: e.RATE_LIMIT_LABS_MAX,
        authFailureMax: e.AUTH_FAILURE_MAX,
      },
    },
    encryption: {
      keys,
      ...(currentKeyId ? { currentKeyId } : {}),
      corsOrigins: e.CODEC_CORS_ORIGINS.split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      ...(e.NODE_ENV === 'development' && !e.TEMPORAL_ADDRESS && e.START_TEMPORAL_UI
        ? { devUiOrigins: ['localhost', '127.0.0.1'].map((host) => `http://${host}:${e.TEMPORAL_UI_PORT}`) }
        : {}),
    },
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    policy: scalePolicy(e.CASE_POLICY ?? policySchema.parse({}), e.POLICY_TIME_SCALE),
    partners: {
      ...endpoint(e.PARTNER_REGISTRIES_URL, e.PARTNER_REGISTRIES_TOKEN ?? e.PARTNER_TOKEN, 'registries'),
      ...endpoint(e.PARTNER_LABS_URL, e.PARTNER_LABS_TOKEN ?? e.PARTNER_TOKEN, 'labs'),
      ...endpoint(
        e.PARTNER_TRAVEL_DOCUMENTS_URL,
        e.PARTNER_TRAVEL_DOCUMENTS_TOKEN ?? e.PARTNER_TOKEN,
        'travelDocuments',
      ),
      ...endpoint(e.PARTNER_TRANSIT_URL, e.PARTNER_TRANSIT_TOKEN ?? e.PARTNER_TOKEN, 'transit'),
      timeoutMs: e.PARTNER_TIMEOUT_MS,
      simulatorPort: e.SIMULATOR_PORT,
    },
    mail: {
      ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}),
      from: e.MAIL_FROM,
      catcherPort: e.MAIL_CATCHER_PORT,
      staff: e.STAFF_EMAILS ?? [],
    },
    worker: {
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      shutdownGraceSeconds: e.WORKER_SHUTDOWN_GRACE_SECONDS,
      stickyQueueTimeoutSeconds: e.WORKER_STICKY_QUEUE_TIMEOUT_SECONDS,
      guardUnfinishedTasks: e.WORKER_GUARD_UNFINISHED_TASKS,
      workflowCallGuard: e.WORKER_WORKFLOW_CALL_GUARD,
      workflowCallLimitSeconds: e.WORKER_WORKFLOW_CALL_LIMIT_SECONDS,
      heapGrowingPercent: e.WORKER_HEAP_GROWING_PERCENT,
      ...(e.WORKER_HEALTH_PORT ? { healthPort: e.WORKER_HEALTH_PORT } : {}),
      ...(e.WORKER_METRICS_PORT ? { metricsPort: e.WORKER_METRICS_PORT } : {}),
      ...(e.WORKFLOW_BUNDLE_PATH ? { bundlePath: e.WORKFLOW_BUNDLE_PATH } : {}),
    },
  };
}

function endpoint<Name extends string>(url: string | undefined, token: string | undefined, name: Name) {
  return url
    ? ({ [name]: { url: url.replace(/\/+$/, ''), ...(token ? { token } : {}) } } as Record<Name, PartnerEndpoint>)
    : {};
}

/** Names of every variable the schema accepts: the compose file is checked against this list. */
export const environmentVariableNames = [
  ...Object.keys(environmentSchema.shape),
  ...secretVariables.map((name) => `${name}_FILE`),
];
