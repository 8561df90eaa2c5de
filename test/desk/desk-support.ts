/** Helpers the desk tests share: a stack whose desk offers the test keys as development accounts, and sign-in. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/config';

/** The desk's development sign-in, as `npm run dev` turns it on. */
export const withDevSignIn = (config: Config): Config => ({ ...config, api: { ...config.api, devSignIn: true } });

export interface DeskSession {
  cookie: string;
  csrf: string;
}

const cookieFrom = (response: LightMyRequestResponse, name: string) => {
  const header = [response.headers['set-cookie'] ?? []].flat().find((line) => line.startsWith(`${name}=`));
  return header?.split(';')[0];
};

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Signs in through the sign-in form, as a browser would: the sign-in page's token, then the account. */
export async function signIn(app: FastifyInstance, account: string, language = 'en'): Promise<DeskSession> {
  const form = await app.inject({ method: 'GET', url: '/desk/sign-in' });
  const signInCookie = cookieFrom(form, 'homeward_desk_sign_in')!;
  const answer = await app.inject({
    method: 'POST',
    url: '/desk/sign-in',
    headers: { cookie: signInCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      _csrf: csrfOf(form.body),
      account,
      language,
      timeZone: 'Europe/Kyiv',
      next: '/desk',
    }).toString(),
  });
  if (answer.statusCode !== 303) throw new Error(`sign-in failed: ${answer.statusCode} ${answer.body.slice(0, 300)}`);
  const cookie = cookieFrom(answer, 'homeward_desk')!;
  const home = await app.inject({ method: 'GET', url: '/desk', headers: { cookie } });
  return { cookie, csrf: csrfOf(home.body) };
}

export function postForm(
  app: FastifyInstance,
  session: DeskSession,
  url: string,
  fields: Record<string, string | string[]>,
) {
  const body = new URLSearchParams();
  body.append('_csrf', session.csrf);
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}
