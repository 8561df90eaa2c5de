/**
 * Starts a real OpenID Connect provider (oidc-provider, as its own process on loopback) and asks it for tokens as a
 * client would. Keys are made here, so a test can rotate them, share them with a second issuer, or forge with another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSign, generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../ports';

export interface SigningKey {
  kid: string;
  jwk: JsonWebKey;
  privatePem: string;
}

export function signingKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(6).toString('hex');
  return {
    kid,
    jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export interface StaffAccount {
  /** The client secret, for client credentials. */
  secret: string;
  /** What its access tokens carry besides the standard claims. */
  claims: Record<string, unknown>;
  ttlSeconds?: number;
}

export interface ProviderOptions {
  port?: number;
  key?: SigningKey;
  audience: string;
  staff: Record<string, StaffAccount>;
  redirectUris?: string[];
}

export interface RunningProvider {
  issuer: string;
  port: number;
  key: SigningKey;
  /** An access token for a staff client, by client credentials, for `resource` (Homeward's audience by default). */
  token(clientId: string, resource?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startProvider(options: ProviderOptions): Promise<RunningProvider> {
  const port = options.port ?? (await freePort());
  const key = options.key ?? signingKey();
  const issuer = `http://127.0.0.1:${port}`;
  const settings = {
    port,
    issuer,
    keys: [key.jwk],
    audience: options.audience,
    staff: options.staff,
    redirectUris: options.redirectUris ?? [],
  };
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'provider-server.mts'), JSON.stringify(settings)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OIDC provider did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OIDC provider exited with ${code}:\n${output}`));
    });
  });
  return {
    issuer,
    port,
    key,
    async token(clientId, resource = options.audience) {
      const account = options.staff[clientId];
      if (!account) throw new Error(`no staff client ${clientId}`);
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${account.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource }).toString(),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!response.ok || !body.access_token)
        throw new Error(`token for ${clientId}: ${response.status} ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The same claims as `token`, re-signed with another key under the provider's key ID: a forgery. */
export function forge(token: string, key: SigningKey, kid: string): string {
  const [header, payload] = token.split('.') as [string, string];
  const forgedHeader = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), kid }),
  ).toString('base64url');
  const signer = createSign('RSA-SHA256');
  signer.update(`${forgedHeader}.${payload}`);
  return `${forgedHeader}.${payload}.${signer.sign(key.privatePem).toString('base64url')}`;
}
