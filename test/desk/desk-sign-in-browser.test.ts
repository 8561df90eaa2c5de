/**
 * Signing in to the desk through a real OpenID Connect provider (oidc-provider, run by the test on 127.0.0.1) in
 * Debian's Chromium: authorization code with PKCE, the provider's own login page, and back to the desk at localhost
 * (another site than the provider's, as a deployment's desk and identity provider are). The person lands on the desk
 * with the role and organisation the configured claims carry, opens a case of their organisation and not another's;
 * a person without a Homeward role is refused in their language; forged and expired tokens are refused with 401.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RegistrationInput } from '../../src/domain/registration';
import { auth, withDocuments } from '../api/api-support';
import { launchChromium } from '../support/chromium';
import { registration } from '../support/fixtures';
import { forge, signingKey, startProvider, type RunningProvider } from '../support/oidc/provider';
import { freePort } from '../support/ports';
import { startTestStack, testKeys, type TestStack } from '../support/stack';

const audience = 'urn:homeward:api';
// Keycloak's shape: roles under realm_access, beside roles that mean nothing to Homeward.
const person = (roles: string[], organisation?: string) => ({
  secret: `${roles.join('-') || 'none'}-secret-0123456789`,
  claims: { realm_access: { roles: [...roles, 'offline_access'] }, ...(organisation ? { org: organisation } : {}) },
});
const staff = {
  'olena.coordinator': person(['coordinator'], 'ua-authority'),
  'vera.visitor': person([], 'ua-authority'),
  'expiring-client': { ...person(['supervisor'], 'ua-authority'), ttlSeconds: 1 },
};

describe('the desk signed in through OpenID Connect, in headless Chromium', () => {
  let provider: RunningProvider;
  let stack: TestStack;
  let browser: Browser;
  let base: string;
  let ours: string;
  let oursChild: RegistrationInput;
  let theirs: string;
  let theirsChild: RegistrationInput;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    provider = await startProvider({ audience, staff, redirectUris: [`${base}/desk/callback`] });
    stack = await startTestStack(
      {
        OIDC_ISSUER: provider.issuer,
        OIDC_AUDIENCE: audience,
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_ORGANISATION_CLAIM: 'org',
        DESK_OIDC_SCOPE: 'openid api',
        PUBLIC_BASE_URL: base,
        CASE_SHARING: JSON.stringify({ 'UA>*': ['ua-authority'], 'RU>*': ['ru-authority'] }),
        RATE_LIMIT_MAX: '100000',
      },
      { oidc: { jwksCooldownMs: 0 } },
    );
    const register = async (organisation: string, country: string) => {
      const body = registration({
        ...withDocuments,
        organisation: { id: organisation, reference: `OIDC-${organisation}-${Date.now()}` },
        child: { ...registration().child, currentLocation: { country } },
      });
      const answer = await stack.app.inject({
        method: 'POST',
        url: '/cases',
        headers: auth(testKeys.coordinator),
        payload: body,
      });
      expect(answer.statusCode).toBe(201);
      return { caseNumber: answer.json<{ caseNumber: string }>().caseNumber, body };
    };
    ({ caseNumber: ours, body: oursChild } = await register('ua-authority', 'UA'));
    ({ caseNumber: theirs, body: theirsChild } = await register('ru-authority', 'RU'));
    await stack.app.listen({ host: 'localhost', port });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await provider?.stop();
  });

  /** From the desk's sign-in page through the provider's login page, as a person would. */
  async function signInAs(context: BrowserContext, login: string, language?: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/desk`);
    expect(new URL(page.url()).pathname).toBe('/desk/sign-in');
    await page.getByText(`Sign in with your organisation's account at ${new URL(provider.issuer).host}`).waitFor();
    if (language) await page.selectOption('#sign-in-language', language);
    await page.click('form[action="/desk/sign-in"] button[type="submit"]');
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'any password: the development login takes any');
    await page.click('button[type="submit"]');
    // The provider may ask once for consent; the tests' grants are given, so it usually does not.
    await page
      .waitForURL((url) => url.origin === base, { timeout: 15_000 })
      .catch(async () => {
        await page.click('button[type="submit"]');
        await page.waitForURL((url) => url.origin === base);
      });
    return page;
  }

  it('signs a coordinator in, onto the desk, with the role and organisation of their claims', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await signInAs(context, 'olena.coordinator');
    await page.waitForURL(`${base}/desk`);
    await page.getByText('Signed in as olena.coordinator (coordinator), ua-authority').waitFor();
    const cookies = await context.cookies(`${base}/desk`);
    expect(cookies.find((cookie) => cookie.name === 'homeward_desk')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/desk',
    });
    // The sign-in that went to the provider is over: its cookie is gone.
    expect(cookies.find((cookie) => cookie.name === 'homeward_desk_provider')).toBeUndefined();

    const own = await page.goto(`${base}/desk/cases/${ours}`);
    expect(own?.status()).toBe(200);
    await page.getByRole('heading', { name: `Case ${ours}` }).waitFor();
    expect(await page.content()).toContain(oursChild.child.names[0]!.value);
    // A coordinator who holds no key claims the case as themselves.
    await page.getByRole('button', { name: 'Claim', exact: true }).first().click();
    await page.getByText('Assignment recorded.').waitFor();
    expect(await page.content()).toMatch(/<dt>Assigned to<\/dt><dd>olena\.coordinator /);

    const other = await page.goto(`${base}/desk/cases/${theirs}`);
    expect(other?.status()).toBe(404);
    await page.getByText(`There is no case ${theirs}: check the number.`).waitFor();
    expect(await page.content()).not.toContain(theirsChild.child.names[0]!.value);

    await page.goto(`${base}/desk?q=${ours.slice(0, 7)}`);
    expect(await page.locator(`a[href="/desk/cases/${ours}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator(`a[href="/desk/cases/${theirs}"]`).count()).toBe(0);
    await context.close();
  });

  it('refuses a person without a Homeward role, in the language they chose, and starts no session', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await signInAs(context, 'vera.visitor', 'uk');
    expect(new URL(page.url()).pathname).toBe('/desk/callback');
    await page.getByText('Ваш обліковий запис не має ролі Homeward').waitFor();
    expect(await page.content()).toContain('no Homeward role in its "realm_access.roles" claim');
    expect((await context.cookies(`${base}/desk`)).find((cookie) => cookie.name === 'homeward_desk')).toBeUndefined();
    // The refusal is a sign-in page: its form goes to the provider again, which still knows her and sends her back.
    const [toProvider, back] = await Promise.all([
      page.waitForResponse((response) => response.url().startsWith(`${provider.issuer}/auth`)),
      page.waitForResponse((response) => response.url().startsWith(`${base}/desk/callback`)),
      page.click('form[action="/desk/sign-in"] button[type="submit"]'),
    ]);
    expect(toProvider.status()).toBe(303);
    expect(back.status()).toBe(401);
    await page.getByText('Ваш обліковий запис не має ролі Homeward').waitFor();
    const desk = await page.goto(`${base}/desk`);
    expect(new URL(desk!.url()).pathname).toBe('/desk/sign-in');

    // A callback that no sign-in of this browser started (a replayed or forged address) is refused too; nothing
    // says which language its person reads, so the browser's is used.
    const replayed = await page.goto(`${base}/desk/callback?code=stolen&state=guessed`);
    expect(replayed?.status()).toBe(401);
    await page.getByText('The sign-in did not complete').waitFor();
    await context.close();
  });

  it('refuses forged and expired access tokens with 401 and a message that says which', async () => {
    const context = await browser.newContext();
    const token = await provider.token('expiring-client');
    const forged = forge(token, signingKey(), provider.key.kid);
    const answer = await context.request.get(`${base}/cases`, { headers: { authorization: `Bearer ${forged}` } });
    expect(answer.status()).toBe(401);
    expect(((await answer.json()) as { message: string }).message).toMatch(/signature does not match any key/);

    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await context.request.get(`${base}/cases`, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status()).toBe(401);
    expect(((await expired.json()) as { message: string }).message).toMatch(/your access token expired at/);
    await context.close();
  });
});
