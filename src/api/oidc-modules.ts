/**
 * jose and openid-client are ES modules only, loaded with import() from this CommonJS build. Each is loaded once,
 * openid-client after jose (which it imports): two loads of the same module graph racing each other failed under
 * jest's module loader ("request for '…/jwe_decrypt.js' is not in cache").
 */
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import type * as OpenidClient from 'openid-client' with { 'resolution-mode': 'import' };

let jose: Promise<typeof Jose> | undefined;
let openidClient: Promise<typeof OpenidClient> | undefined;

export const loadJose = () => (jose ??= import('jose'));

export const loadOpenidClient = () => (openidClient ??= loadJose().then(() => import('openid-client')));
