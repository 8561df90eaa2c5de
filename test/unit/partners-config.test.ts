import { ConfigError, loadConfig } from '../../src/config';
import { staffDirectory } from '../../src/notifications';
import { PartnerRejection } from '../../src/activities/ports';
import { startDevPartners } from '../../src/simulator';

describe('partner and mail configuration', () => {
  it('leaves partners and SMTP unset in development, for the simulator and the mail catcher', () => {
    const config = loadConfig({});
    expect(config.partners.registries).toBeUndefined();
    expect(config.partners.timeoutMs).toBe(10_000);
    expect(config.mail.smtpUrl).toBeUndefined();
  });

  it('reads partner URLs with one shared token or a token per party', () => {
    const config = loadConfig({
      PARTNER_REGISTRIES_URL: 'https://registries.example.org/v1/',
      PARTNER_LABS_URL: 'https://labs.example.org',
      PARTNER_TOKEN: 'shared-token-1',
      PARTNER_LABS_TOKEN: 'labs-token-1',
      PARTNER_TIMEOUT_MS: '2500',
    });
    expect(config.partners.registries).toEqual({ url: 'https://registries.example.org/v1', token: 'shared-token-1' });
    expect(config.partners.labs).toEqual({ url: 'https://labs.example.org', token: 'labs-token-1' });
    expect(config.partners.transit).toBeUndefined();
    expect(config.partners.timeoutMs).toBe(2500);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PARTNER_LABS_URL: 'not a url' })).toThrow(/PARTNER_LABS_URL/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL: must be an smtp/);
    expect(() => loadConfig({ PARTNER_TIMEOUT_MS: '5' })).toThrow(/PARTNER_TIMEOUT_MS/);
    expect(() => loadConfig({ STAFF_EMAILS: 'janitor=j@example.org' })).toThrow(/STAFF_EMAILS: role must be one of/);
    expect(() => loadConfig({ STAFF_EMAILS: 'supervisor=nobody' })).toThrow(/STAFF_EMAILS: entry for supervisor/);
    expect(() => loadConfig({ STAFF_EMAILS: 'supervisor=s@example.org:de' })).toThrow(/STAFF_EMAILS: language/);
  });

  it('refuses production without real partners and SMTP, naming each', () => {
    const error = (() => {
      try {
        loadConfig({ NODE_ENV: 'production' });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of [
      'PARTNER_REGISTRIES_URL',
      'PARTNER_LABS_URL',
      'PARTNER_TRAVEL_DOCUMENTS_URL',
      'PARTNER_TRANSIT_URL',
      'SMTP_URL',
    ]) {
      expect(error!.message).toContain(`${name}: production`);
    }
  });

  it('finds staff addresses by role and ID, and never invents one in production', () => {
    const { mail } = loadConfig({
      STAFF_EMAILS:
        'coordinator=desk@example.org, coordinator:coord-ana=ana@example.org:uk, lab:lab-kyiv=orders@lab.example.org:uk',
    });
    const development = staffDirectory(mail.staff, { production: false });
    expect(development.addressOf({ role: 'coordinator', id: 'coord-ana' })).toEqual({
      address: 'ana@example.org',
      language: 'uk',
    });
    expect(development.addressOf({ role: 'coordinator', id: 'coord-bo' })).toEqual({
      address: 'desk@example.org',
      language: 'en',
    });
    expect(development.addressOf({ role: 'lab', id: 'lab-kyiv' }).address).toBe('orders@lab.example.org');
    expect(development.addressOf({ role: 'supervisor' })).toEqual({
      address: 'supervisor@homeward.invalid',
      language: 'en',
    });
    const production = staffDirectory(mail.staff, { production: true });
    expect(() => production.addressOf({ role: 'supervisor' })).toThrow(PartnerRejection);
  });

  it('starts no simulator when every partner and SMTP are real, and never one in production', async () => {
    const real = loadConfig({
      PARTNER_REGISTRIES_URL: 'https://registries.example.org',
      PARTNER_LABS_URL: 'https://labs.example.org',
      PARTNER_TRAVEL_DOCUMENTS_URL: 'https://etd.example.org',
      PARTNER_TRANSIT_URL: 'https://transit.example.org',
      SMTP_URL: 'smtp://mail.example.org:587',
    });
    const partners = await startDevPartners(real);
    expect(partners.simulator).toBeUndefined();
    expect(partners.mailCatcher).toBeUndefined();
    expect(partners.config).toEqual(real);
    await partners.stop();
    await expect(startDevPartners({ ...loadConfig({}), env: 'production' })).rejects.toThrow(/never run in production/);
  });
});
