/**
 * Partners for development and tests: the simulator for every party without a configured URL, and the mail catcher
 * when SMTP_URL is unset. Returns the configuration with their URLs filled in. Never used in production.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Config } from '../config';
import { mailRoutes, startMailCatcher, type MailCatcher } from './mail-catcher';
import { buildSimulator, type Simulator } from './server';

export interface DevPartners {
  config: Config;
  /** Undefined when every party is configured for real. */
  simulator?: Simulator;
  simulatorUrl?: string;
  mailCatcher?: MailCatcher;
  /** Where the caught mail is listed. */
  mailUrl?: string;
  stop(): Promise<void>;
}

export async function startDevPartners(
  config: Config,
  options: { host?: string; simulatorPort?: number; mailCatcherPort?: number; labResultAfterMs?: number } = {},
): Promise<DevPartners> {
  const host = options.host ?? '127.0.0.1';
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    const { partners } = config;
    const needSimulator = !partners.registries || !partners.labs || !partners.travelDocuments || !partners.transit;
    if ((needSimulator || !config.mail.smtpUrl) && config.env === 'production') {
      throw new Error('the partner simulator and the mail catcher never run in production');
    }
    let mailCatcher: MailCatcher | undefined;
    const mailDir = join(config.dataDir, 'mail');
    if (!config.mail.smtpUrl) {
      mailCatcher = await startMailCatcher({
        dir: mailDir,
        port: options.mailCatcherPort ?? config.mail.catcherPort,
        host,
      });
      stops.push(() => mailCatcher!.stop());
    }
    let simulator: Simulator | undefined;
    let simulatorUrl: string | undefined;
    if (needSimulator || mailCatcher) {
      simulator = await buildSimulator({
        homewardUrl: config.api.publicBaseUrl,
        labKeys: Object.fromEntries(
          config.api.keys.filter((key) => key.role === 'lab' && key.labId).map((key) => [key.labId!, key.key]),
        ),
        ...(options.labResultAfterMs !== undefined ? { labResultAfterMs: options.labResultAfterMs } : {}),
        ...(mailCatcher ? { extraRoutes: mailRoutes(mailCatcher) } : {}),
      });
      await simulator.app.listen({ host, port: options.simulatorPort ?? partners.simulatorPort });
      const { port } = simulator.app.server.address() as AddressInfo;
      simulatorUrl = `http://${host}:${port}`;
      const app = simulator.app;
      stops.push(() => app.close());
    }
    const simulated = (path: string) => ({ url: `${simulatorUrl}${path}` });
    return {
      config: {
        ...config,
        partners: {
          ...partners,
          registries: partners.registries ?? simulated('/registries'),
          labs: partners.labs ?? simulated('/labs'),
          travelDocuments: partners.travelDocuments ?? simulated('/travel-documents'),
          transit: partners.transit ?? simulated('/transit'),
        },
        mail: { ...config.mail, ...(mailCatcher ? { smtpUrl: mailCatcher.smtpUrl } : {}) },
      },
      ...(simulator ? { simulator, simulatorUrl } : {}),
      ...(mailCatcher ? { mailCatcher, mailUrl: `${simulatorUrl}/mail` } : {}),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
