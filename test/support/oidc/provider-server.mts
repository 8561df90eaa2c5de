// A real OpenID Connect provider (the oidc-provider package) run as its own process on loopback for the tests.
// Run with tsx. Its settings come as JSON in argv[2]: { port, issuer, keys, audience, staff, redirectUris }. It prints
// "listening" once it answers. Staff sign in as machine clients (client credentials) or as people (authorization
// code with PKCE through the package's development login pages, where any login name is accepted).
import type { JsonWebKey } from 'node:crypto';
import Provider from 'oidc-provider';

interface Settings {
  port: number;
  issuer: string;
  keys: JsonWebKey[];
  audience: string;
  staff: Record<string, { secret: string; claims: Record<string, unknown>; ttlSeconds?: number }>;
  redirectUris?: string[];
}
const { port, issuer, keys, audience, staff, redirectUris = [] } = JSON.parse(process.argv[2] ?? '{}') as Settings;

/** The claims each subject's access token carries (a client for client credentials, a login name for people). */
const claimsOf = (subject: string | undefined) => (subject ? staff[subject]?.claims : undefined);

const provider = new Provider(issuer, {
  clients: [
    ...Object.entries(staff).map(([clientId, { secret }]) => ({
      client_id: clientId,
      client_secret: secret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
    })),
    // The desk: a public client, so PKCE is all that binds a code to the browser that asked for it.
    {
      client_id: 'homeward-desk',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      redirect_uris: redirectUris,
      response_types: ['code'],
    },
  ],
  jwks: { keys: keys as never[] },
  cookies: { keys: ['homeward-test-provider-cookie-key'] },
  ttl: {
    AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 600,
    ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 600,
    AuthorizationCode: 60,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  pkce: { required: () => true },
  features: {
    clientCredentials: { enabled: true },
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource, client) => ({
        scope: 'api',
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: staff[client.clientId]?.ttlSeconds ?? 600,
      }),
    },
  },
  scopes: ['openid', 'api'],
  claims: { openid: ['sub'] },
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, ...(claimsOf(sub) ?? {}) }) }),
  extraTokenClaims: (_ctx, token) => claimsOf(('accountId' in token ? token.accountId : undefined) ?? token.clientId),
  loadExistingGrant: async (ctx) => {
    // People consent to nothing in the tests: every grant the desk asks for is given.
    const { client, session } = ctx.oidc;
    if (!client || !session?.accountId) return undefined;
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope('openid api');
    grant.addResourceScope(audience, 'api');
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
