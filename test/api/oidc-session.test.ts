/**
 * The desk's staff sign-in (authorization code with PKCE, openid-client) against a real provider (oidc-provider as a
 * server on loopback): the browser's round trip is made over HTTP, redirect by redirect, to a desk callback server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStaffSignIn, type PendingSignIn, type StaffSignIn } from '../../src/api/oidc-session';
import { freePort } from '../support/ports';
import { startProvider, type RunningProvider } from '../support/oidc/provider';

const audience = 'urn:homeward:api';
const staff = {
  'ana.coordinator': {
    secret: 'unused-for-people-000',
    claims: { roles: ['coordinator'], organisation: 'ua-authority' },
  },
  'vera.visitor': { secret: 'unused-for-people-001', claims: { roles: ['visitor'], organisation: 'ua-authority' } },
};

/** A browser without JavaScript: follows redirects, keeps cookies per host, fills in and submits the forms it gets. */
async function browse(start: string, login: string, stopAt: string): Promise<string> {
  const cookies = new Map<string, string>();
  let url = start;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 20; step += 1) {
    if (url.startsWith(stopAt)) return url;
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      const separator = pair.indexOf('=');
      cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1));
    }
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no redirect and no form at ${url}: ${response.status} ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
      fields.set(name!, value!);
    if (html.includes('name="login"')) {
      fields.set('login', login);
      fields.set('password', 'any password: the development login takes any');
    }
    url = new URL(action.replaceAll('&amp;', '&'), url).href;
    method = 'POST';
    body = fields.toString();
  }
  throw new Error('the sign-in never came back to the desk');
}

describe('staff sign-in for the desk', () => {
  let provider: RunningProvider;
  let desk: Server;
  let callback: string;
  let signIn: StaffSignIn;
  /** What the desk would keep in a signed cookie, by state. */
  const pendingByState = new Map<string, PendingSignIn>();

  beforeAll(async () => {
    const deskPort = await freePort();
    callback = `http://127.0.0.1:${deskPort}/desk/callback`;
    provider = await startProvider({ audience, staff, redirectUris: [callback] });
    signIn = createStaffSignIn({
      oidc: { issuer: provider.issuer, audience, rolesClaim: 'roles', organisationClaim: 'organisation' },
      clientId: 'homeward-desk',
      redirectUri: callback,
      scope: 'openid api',
    });
    desk = createServer((request, response) => {
      const url = new URL(request.url ?? '/', callback);
      const pending = pendingByState.get(url.searchParams.get('state') ?? '') ?? { state: 'never', codeVerifier: 'x' };
      signIn.finish(url, pending).then(
        (identity) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(identity)),
        (error: { statusCode?: number; message: string }) =>
          response
            .writeHead(error.statusCode ?? 500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ message: error.message })),
      );
    });
    await new Promise<void>((resolve) => desk.listen(deskPort, '127.0.0.1', resolve));
    expect((desk.address() as AddressInfo).port).toBe(deskPort);
  });
  afterAll(async () => {
    await new Promise((resolve) => desk?.close(resolve));
    await provider?.stop();
  });

  it('signs a person in and answers who they are, from an access token checked as the API checks it', async () => {
    const { redirectUrl, pending } = await signIn.start();
    expect(new URL(redirectUrl).searchParams.get('code_challenge_method')).toBe('S256');
    pendingByState.set(pending.state, pending);
    const back = await browse(redirectUrl, 'ana.coordinator', callback);
    const answer = await fetch(back);
    expect(answer.status).toBe(200);
    const identity = (await answer.json()) as {
      actorId: string;
      role: string;
      organisation: string;
      accessToken: string;
    };
    expect(identity).toMatchObject({ actorId: 'ana.coordinator', role: 'coordinator', organisation: 'ua-authority' });
    expect(identity.accessToken.split('.')).toHaveLength(3);
  });

  it('refuses a callback whose state is not the one the desk kept, and a person without a Homeward role', async () => {
    const { redirectUrl, pending } = await signIn.start();
    pendingByState.set(pending.state, { ...pending, codeVerifier: 'another-browser-s-verifier-0000000000000000000' });
    const stolen = await fetch(await browse(redirectUrl, 'ana.coordinator', callback));
    expect(stolen.status).toBe(401);
    expect(((await stolen.json()) as { message: string }).message).toMatch(/start again from the sign-in page/);

    const visitor = await signIn.start();
    pendingByState.set(visitor.pending.state, visitor.pending);
    const refused = await fetch(await browse(visitor.redirectUrl, 'vera.visitor', callback));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toMatch(/no Homeward role/);
  });
});
