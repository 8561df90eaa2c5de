/**
 * Development defaults for `npm run dev`: an encryption key and API keys generated once and kept under the data
 * directory, so a restart decrypts earlier cases and keeps the same keys. Never used in production.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiKey, Config } from '../config';

interface DevSecrets {
  encryptionKey: { id: string; key: string };
  consentTokenSecret?: string;
  apiKeys: ApiKey[];
}

function loadOrCreate(dataDir: string): DevSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const key = () => `dev_${randomBytes(18).toString('base64url')}`;
  const secrets: DevSecrets = {
    encryptionKey: { id: 'dev-1', key: randomBytes(32).toString('base64') },
    consentTokenSecret: randomBytes(32).toString('base64url'),
    apiKeys: [
      { key: key(), role: 'coordinator', actorId: 'dev-coordinator' },
      { key: key(), role: 'reviewer', actorId: 'dev-reviewer' },
      { key: key(), role: 'supervisor', actorId: 'dev-supervisor' },
      { key: key(), role: 'operator', actorId: 'dev-operator' },
      { key: key(), role: 'lab', actorId: 'lab-kyiv', labId: 'lab-kyiv' },
      { key: key(), role: 'clinician', actorId: 'dev-sending-clinician' },
      { key: key(), role: 'clinician', actorId: 'dev-receiving-clinician' },
      { key: key(), role: 'escort', actorId: 'dev-escort' },
    ],
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Fills in keys the configuration leaves empty; returns what was generated so the caller can print it. */
export function withDevDefaults(config: Config): { config: Config; generatedApiKeys: ApiKey[] } {
  if (config.env === 'production') return { config, generatedApiKeys: [] };
  const secrets = loadOrCreate(config.dataDir);
  const useEncryption = config.encryption.keys.length === 0;
  const useApiKeys = config.api.keys.length === 0;
  return {
    config: {
      ...config,
      api: {
        ...config.api,
        keys: useApiKeys ? secrets.apiKeys : config.api.keys,
        // The generated keys stand for one development account per role: the desk lets a person pick one.
        devSignIn: useApiKeys,
        consentTokenSecret:
          config.api.consentTokenSecret || (secrets.consentTokenSecret ?? randomBytes(32).toString('base64url')),
      },
      encryption: useEncryption
        ? {
            ...config.encryption,
            keys: [{ id: secrets.encryptionKey.id, key: Buffer.from(secrets.encryptionKey.key, 'base64') }],
            currentKeyId: secrets.encryptionKey.id,
          }
        : config.encryption,
    },
    generatedApiKeys: useApiKeys ? secrets.apiKeys : [],
  };
}
