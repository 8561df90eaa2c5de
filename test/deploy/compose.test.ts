/**
 * docker-compose.yml checked by a real Compose implementation (Debian's docker-compose, installed by
 * scripts/test-prerequisites.sh; `config` needs no Docker engine), and every Homeward service's environment checked
 * against the configuration schema the code validates at start; the worker's health probe is run against a real
 * worker started with the environment compose gives it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { environmentVariableNames, loadConfig } from '../../src/config';
import { apiRoles, staffRoles } from '../../src/domain/authorisation';
import { eventually } from '../support/eventually';
import { freePort } from '../support/ports';
import { startPostgres } from '../support/postgres';
import { devServerAddress, workflowBundlePath } from '../support/stack';
import { dynamicConfigFile, serverConfigFile } from '../support/temporal-cluster';
import { ensureTemporalServer, TEMPORAL_SERVER_VERSION } from '../../src/temporal/provision-server';

const root = resolve(__dirname, '../..');
const secrets = {
  POSTGRES_PASSWORD: 'pg-secret',
  HOMEWARD_DB_PASSWORD: 'hw-secret',
  API_KEYS: 'abcdefghijklmnopq:coordinator:ana',
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CONSENT_TOKEN_SECRET: 'a-secret-of-at-least-thirty-two-characters',
  SMTP_URL: 'smtp://mailcatcher:1025',
  PARTNER_REGISTRIES_URL: 'https://registries.partner.example',
  PARTNER_LABS_URL: 'https://labs.partner.example',
  PARTNER_TRAVEL_DOCUMENTS_URL: 'https://documents.partner.example',
  PARTNER_TRANSIT_URL: 'https://transit.partner.example',
  STAFF_EMAILS: 'supervisor=sup@example.org:uk,neutral-desk=desk@example.org:en',
  KEYCLOAK_DB_PASSWORD: 'kc-db-secret',
  KEYCLOAK_ADMIN_PASSWORD: 'kc-admin-secret',
  TEMPORAL_UI_CLIENT_SECRET: 'ui-client-secret',
  HOMEWARD_EXAMPLE_USER_PASSWORD: 'example-password',
  GRAFANA_ADMIN_PASSWORD: 'grafana-admin-secret',
};

interface ComposeFile {
  services: Record<
    string,
    {
      image?: string;
      build?: unknown;
      environment?: Record<string, string | null>;
      healthcheck?: unknown;
      expose?: string[];
      command?: string[];
      volumes?: Array<string | { source?: string; target?: string }>;
    }
  >;
  volumes?: Record<string, unknown>;
}

/** Node with tsx's loader in one process, so a signal reaches the program itself. */
const runTs = (file: string, environment: Record<string, string>) =>
  spawn(process.execPath, ['--import', 'tsx', join(root, file)], {
    cwd: root,
    env: { PATH: process.env.PATH, ...environment },
    stdio: ['ignore', 'ignore', 'pipe'],
  });

/** What the container's HEALTHCHECK runs, with the container's environment: its exit status. */
function probe(environment: Record<string, string>): Promise<number | null> {
  const run = runTs('scripts/healthcheck.ts', environment);
  return new Promise((resolve) => run.once('exit', resolve));
}

function composeConfig(file: string, environment: Record<string, string>) {
  return spawnSync('docker-compose', ['-f', file, '--project-directory', root, 'config'], {
    env: { PATH: process.env.PATH, ...environment },
    encoding: 'utf8',
  });
}

/** Names a Homeward service sets that the configuration schema does not know: a misspelling shows up here. */
function unknownVariables(compose: ComposeFile, service: string): string[] {
  return Object.keys(compose.services[service]?.environment ?? {}).filter(
    (name) => !environmentVariableNames.includes(name),
  );
}

describe('docker-compose.yml', () => {
  let resolved: ComposeFile;
  beforeAll(() => {
    const result = composeConfig(join(root, 'docker-compose.yml'), secrets);
    if (result.status !== 0) throw new Error(`docker-compose config failed:\n${result.stderr}`);
    resolved = parse(result.stdout) as ComposeFile;
  });

  it('is valid for a real Compose implementation', () => {
    expect(execFileSync('docker-compose', ['version', '--short'], { encoding: 'utf8' })).toMatch(/^\d+\.\d+/);
    expect(Object.keys(resolved.services).sort()).toEqual(
      [
        'api',
        'grafana',
        'keycloak',
        'mailcatcher',
        'postgres',
        'prometheus',
        'temporal',
        'temporal-namespace',
        'temporal-schema',
        'temporal-ui',
        'worker',
      ].sort(),
    );
    expect(resolved.volumes).toHaveProperty('postgres-data');
  });

  it('pins every image to a version', () => {
    for (const [name, service] of Object.entries(resolved.services)) {
      if (service.build) continue;
      expect(`${name}: ${service.image}`).toMatch(/:\s*[\w./-]+:v?\d+\.\d+/);
    }
  });

  it('refuses to start without its secrets, naming the missing one', () => {
    for (const name of ['API_KEYS', 'KEYCLOAK_ADMIN_PASSWORD', 'TEMPORAL_UI_CLIENT_SECRET'] as const) {
      const { [name]: _left, ...without } = secrets;
      const result = composeConfig(join(root, 'docker-compose.yml'), without);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(new RegExp(name));
    }
  });

  describe('staff sign-in through Keycloak', () => {
    type Realm = {
      realm: string;
      roles: { realm: Array<{ name: string }> };
      groups: Array<{ name: string }>;
      clients: Array<{
        clientId: string;
        redirectUris?: string[];
        secret?: string;
        publicClient?: boolean;
        protocolMappers?: Array<{ protocolMapper: string; config: Record<string, string> }>;
      }>;
      users: Array<{ username: string; realmRoles: string[]; groups: string[] }>;
    };
    const realm = () => JSON.parse(readFileSync(join(root, 'deploy/keycloak/homeward-realm.json'), 'utf8')) as Realm;
    const env = (service: string) => resolved.services[service]!.environment ?? {};

    it('imports a realm with a role per Homeward role and an example user per staff role', () => {
      const { realm: name, roles, users, groups } = realm();
      expect(name).toBe('homeward');
      expect(roles.realm.map((role) => role.name).sort()).toEqual([...apiRoles].sort());
      for (const role of staffRoles) {
        const user = users.find((candidate) => candidate.realmRoles.includes(role));
        expect({ role, user: user?.username }).toEqual({ role, user: `example-${role}` });
        // Every person works for an organisation: the API refuses a sign-in without one.
        expect(user!.groups.length).toBeGreaterThan(0);
        expect(groups.map((group) => `/${group.name}`)).toEqual(expect.arrayContaining(user!.groups));
      }
      // Short or long volume syntax, as the Compose implementation prints it.
      const volumes = (resolved.services.keycloak as { volumes?: Array<string | { target?: string }> }).volumes ?? [];
      expect(
        volumes.some((volume) =>
          (typeof volume === 'string' ? volume : (volume.target ?? '')).includes('/data/import/homeward-realm.json'),
        ),
      ).toBe(true);
      expect((resolved.services.keycloak as { command?: string[] }).command).toContain('--import-realm');
    });

    it('gives the UI and the desk tokens whose audience is the API, with roles and organisation where the API reads them', () => {
      const clients = realm().clients;
      for (const clientId of ['temporal-ui', 'homeward-desk']) {
        const mappers = clients.find((client) => client.clientId === clientId)!.protocolMappers ?? [];
        const audience = mappers.find((mapper) => mapper.protocolMapper === 'oidc-audience-mapper')!;
        expect(audience.config['included.client.audience']).toBe(env('api').OIDC_AUDIENCE);
        const organisation = mappers.find((mapper) => mapper.protocolMapper === 'oidc-group-membership-mapper')!;
        expect(organisation.config['claim.name']).toBe(env('api').OIDC_ORGANISATION_CLAIM);
      }
      // Keycloak puts realm roles there in every access token.
      expect(env('api').OIDC_ROLES_CLAIM).toBe('realm_access.roles');
      expect(clients.find((client) => client.clientId === 'homeward-desk')!.publicClient).toBe(true);
      const ui = clients.find((client) => client.clientId === 'temporal-ui')!;
      expect(ui.secret).toBe('${TEMPORAL_UI_CLIENT_SECRET}');
      expect(ui.redirectUris).toEqual(['${TEMPORAL_UI_PUBLIC_URL}/auth/sso/callback']);
    });

    it('signs the Temporal UI in through the same realm and passes its access token to the codec endpoint', () => {
      const ui = env('temporal-ui');
      expect(ui).toMatchObject({
        TEMPORAL_AUTH_ENABLED: 'true',
        TEMPORAL_AUTH_CLIENT_ID: 'temporal-ui',
        TEMPORAL_AUTH_CLIENT_SECRET: secrets.TEMPORAL_UI_CLIENT_SECRET,
        TEMPORAL_AUTH_ISSUER_URL: env('api').OIDC_ISSUER,
        TEMPORAL_AUTH_CALLBACK_URL: 'http://localhost:8080/auth/sso/callback',
        TEMPORAL_CODEC_ENDPOINT: 'http://localhost:3000/codec',
        TEMPORAL_CODEC_PASS_ACCESS_TOKEN: 'true',
      });
      expect(ui.TEMPORAL_AUTH_PROVIDER_URL).toBe('http://keycloak:8080/realms/homeward');
      expect(env('api').OIDC_JWKS_URL).toBe('http://keycloak:8080/realms/homeward/protocol/openid-connect/certs');
      expect(env('api').CODEC_CORS_ORIGINS).toBe('http://localhost:8080');
      expect(loadConfig(Object.fromEntries(Object.entries(env('api')).map(([k, v]) => [k, v ?? '']))).api.oidc).toEqual(
        {
          issuer: 'http://localhost:8180/realms/homeward',
          audience: 'homeward-api',
          rolesClaim: 'realm_access.roles',
          organisationClaim: 'organisation',
          jwksUrl: 'http://keycloak:8080/realms/homeward/protocol/openid-connect/certs',
          desk: { clientId: 'homeward-desk', scope: 'openid' },
        },
      );
    });

    it("signs desk staff in as the realm's public client, back to the desk's callback", () => {
      const desk = realm().clients.find((client) => client.clientId === env('api').DESK_OIDC_CLIENT_ID);
      expect(desk).toMatchObject({ publicClient: true });
      const callback = `${env('api').PUBLIC_BASE_URL}/desk/callback`;
      const resolvedUris = (desk?.redirectUris ?? []).map((uri) =>
        uri.replace('${PUBLIC_BASE_URL}', String(env('api').PUBLIC_BASE_URL)),
      );
      // Keycloak matches a trailing * as a prefix.
      expect(
        resolvedUris.some((uri) => (uri.endsWith('*') ? callback.startsWith(uri.slice(0, -1)) : uri === callback)),
      ).toBe(true);
    });
  });

  it("gives the worker and the API only variables Homeward's configuration knows, and a configuration it accepts", () => {
    for (const service of ['worker', 'api']) {
      expect(unknownVariables(resolved, service)).toEqual([]);
      const environment = Object.fromEntries(
        Object.entries(resolved.services[service]!.environment ?? {}).map(([name, value]) => [name, value ?? '']),
      );
      expect(() => loadConfig(environment)).not.toThrow();
      expect(loadConfig(environment).env).toBe('production');
    }
  });

  it("runs the image's health probe against the worker, which answers it while its Temporal worker runs", async () => {
    // The worker inherits the image's HEALTHCHECK: compose must neither disable nor replace it.
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(
      /HEALTHCHECK[^\n]*\\\n\s+CMD node dist\/scripts\/healthcheck\.js/,
    );
    expect(resolved.services.worker!.healthcheck).toBeUndefined();
    const composed = Object.fromEntries(
      Object.entries(resolved.services.worker!.environment ?? {}).map(([name, value]) => [name, value ?? '']),
    );
    expect(loadConfig(composed).worker.healthPort).toBe(Number(composed.WORKER_HEALTH_PORT));

    // The compose environment as it is, with only the addresses of this machine's servers put in.
    const postgres = await startPostgres();
    const environment = {
      ...composed,
      TEMPORAL_ADDRESS: devServerAddress(),
      TEMPORAL_TASK_QUEUE: `compose-${process.pid}`,
      DATABASE_URL: postgres.url,
      WORKER_HEALTH_PORT: String(await freePort()),
      WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
      LOG_LEVEL: 'warn',
    };
    const worker = runTs('src/workers/worker.ts', environment);
    let stderr = '';
    worker.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
    try {
      const healthy = await eventually(
        () => probe(environment),
        (status) => status === 0 || worker.exitCode !== null,
        () => `the worker never answered its health probe; it wrote:\n${stderr.slice(-2000)}`,
        90_000,
      );
      expect({ healthy, stderr: healthy === 0 ? '' : stderr.slice(-2000) }).toEqual({ healthy: 0, stderr: '' });
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await probe(environment)).toBe(1);
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
      await postgres.stop();
    }
  }, 120_000);

  describe("the Temporal server's configuration", () => {
    const temporal = () => resolved.services.temporal!;
    const template = () => readFileSync(serverConfigFile, 'utf8');
    /** The variables server.yaml reads, and (below) those it reads with no default. */
    const read = () => [...template().matchAll(/env "(\w+)"/g)].map((match) => match[1]!);
    // The image's entrypoint sets the broadcast address itself when it binds to 0.0.0.0.
    const required = () =>
      [...template().matchAll(/\{\{ env "(\w+)"/g)]
        .map((match) => match[1]!)
        .filter((name) => name !== 'TEMPORAL_BROADCAST_ADDRESS');
    /** Where a path inside the container comes from on the host, through the service's bind mounts. */
    const hostPath = (inside: string) => {
      for (const volume of (temporal() as { volumes?: Array<string | { source?: string; target?: string }> }).volumes ??
        []) {
        const [source, target] =
          typeof volume === 'string' ? volume.split(':') : [volume.source ?? '', volume.target ?? ''];
        if (target && inside.startsWith(`${target}/`)) return resolve(root, source!, inside.slice(target.length + 1));
      }
      return undefined;
    };

    it('runs the server version the tests build', () => {
      expect(temporal().image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION.replace(/^v/, '')}`);
    });

    it('gives the image the configuration files the test harness runs the services on', () => {
      const environment = temporal().environment ?? {};
      expect(hostPath(environment.TEMPORAL_SERVER_CONFIG_FILE_PATH ?? '')).toBe(serverConfigFile);
      expect(hostPath(environment.DYNAMIC_CONFIG_FILE_PATH ?? '')).toBe(dynamicConfigFile);
    });

    it('sets only variables the configuration reads, and every one it needs', () => {
      const environment = Object.keys(temporal().environment ?? {});
      // The server's --config-file flag reads the first.
      const known = new Set(['TEMPORAL_SERVER_CONFIG_FILE_PATH', ...read()]);
      expect(environment.filter((name) => !known.has(name))).toEqual([]);
      expect(required().filter((name) => !environment.includes(name))).toEqual([]);
      expect(required()).toEqual(expect.arrayContaining(['POSTGRES_SEEDS', 'POSTGRES_USER']));
    });
  });

  it("checks the Temporal server's health with what its image holds, and registers the namespace once it is healthy", () => {
    // temporalio/server (docker/targets/server.Dockerfile in the server's module): temporal-server on Alpine, so
    // BusyBox's sh and nc, no temporal CLI and no bash (whose /dev/tcp a probe might use).
    const probe = JSON.stringify(resolved.services.temporal!.healthcheck);
    expect(probe).toContain('nc -z 127.0.0.1 7233');
    expect(probe).not.toMatch(/"temporal"|operator|\/dev\/tcp/);
    expect(readFileSync(join(root, 'deploy', 'temporal-namespace.sh'), 'utf8')).toMatch(
      /until temporal operator cluster health/,
    );
  });

  describe('Prometheus and Grafana', () => {
    type ScrapeJob = {
      job_name: string;
      static_configs?: Array<{ targets: string[] }>;
      dns_sd_configs?: Array<{ names: string[]; type?: string; port: number }>;
    };
    const readYaml = <T>(path: string) => parse(readFileSync(join(root, path), 'utf8')) as T;
    const scrapeJobs = () =>
      readYaml<{ scrape_configs: ScrapeJob[] }>('deploy/prometheus/prometheus.yml').scrape_configs;
    const service = (name: string) => resolved.services[name]!;
    const environmentOf = (name: string) =>
      Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([key, value]) => [key, value ?? '']));
    /** Inside the container, where a file or folder of the project is mounted (undefined: it is not). */
    const mountTarget = (name: string, hostPath: string) => {
      for (const volume of service(name).volumes ?? []) {
        const [source, target] =
          typeof volume === 'string' ? volume.split(':') : [volume.source ?? '', volume.target ?? ''];
        if (source && resolve(root, source) === join(root, hostPath)) return target;
      }
      return undefined;
    };
    /** The port each scraped service's process serves /metrics on, as it reads what compose gives it. */
    const metricsPortOf: Record<string, () => number | undefined> = {
      worker: () => loadConfig(environmentOf('worker')).worker.metricsPort,
      api: () => loadConfig(environmentOf('api')).api.metricsPort,
      // deploy/temporal/server.yaml listens on PROMETHEUS_ENDPOINT when it is set.
      temporal: () => Number(environmentOf('temporal').PROMETHEUS_ENDPOINT?.split(':').at(-1)),
    };

    it('scrapes the worker, the API and the Temporal server on the ports compose gives their processes', () => {
      const targets = scrapeJobs().flatMap((job) => [
        ...(job.static_configs ?? []).flatMap((config) =>
          config.targets.map((target) => ({ service: target.split(':')[0]!, port: Number(target.split(':')[1]) })),
        ),
        ...(job.dns_sd_configs ?? []).flatMap((config) =>
          config.names.map((name) => ({ service: name, port: config.port })),
        ),
      ]);
      expect(targets.map((target) => target.service).sort()).toEqual(['api', 'temporal', 'worker']);
      for (const target of targets) {
        expect(Object.keys(resolved.services)).toContain(target.service);
        expect({ ...target, served: metricsPortOf[target.service]!() }).toEqual({ ...target, served: target.port });
        expect({ ...target, expose: service(target.service).expose }).toEqual({
          ...target,
          expose: expect.arrayContaining([String(target.port)]),
        });
      }
      expect(readFileSync(serverConfigFile, 'utf8')).toMatch(/with env "PROMETHEUS_ENDPOINT"[\s\S]*listenAddress/);
    });

    it('gives the Temporal server a metrics listener on that port, as the server itself renders its configuration', async () => {
      // The server's render-config reads <config dir>/<environment>.yaml: server.yaml as compose gives it to the image.
      const { server } = await ensureTemporalServer(() => undefined);
      const dir = mkdtempSync(join(tmpdir(), 'temporal-render-'));
      mkdirSync(join(dir, 'config'));
      copyFileSync(serverConfigFile, join(dir, 'config', 'development.yaml'));
      const rendered = spawnSync(server, ['render-config'], {
        cwd: dir,
        env: { PATH: process.env.PATH, ...environmentOf('temporal') },
        encoding: 'utf8',
      });
      expect({ status: rendered.status, stderr: rendered.status === 0 ? '' : rendered.stderr }).toEqual({
        status: 0,
        stderr: '',
      });
      const { global } = parse(rendered.stdout) as {
        global: { metrics?: { prometheus?: { listenAddress?: string; timerType?: string } } };
      };
      expect(global.metrics?.prometheus).toMatchObject({
        listenAddress: environmentOf('temporal').PROMETHEUS_ENDPOINT,
        timerType: 'histogram',
      });
      expect(Number(global.metrics?.prometheus?.listenAddress?.split(':').at(-1))).toBe(metricsPortOf.temporal!());
    });

    it('finds every container of a scaled worker or API (`--scale worker=3`), not one of them', () => {
      for (const name of ['worker', 'api']) {
        const job = scrapeJobs().find((candidate) => candidate.dns_sd_configs?.some((dns) => dns.names.includes(name)));
        expect({ name, type: job?.dns_sd_configs?.[0]?.type }).toEqual({ name, type: 'A' });
      }
    });

    it('runs Prometheus on that file, reachable from this machine only', () => {
      const prometheus = service('prometheus');
      const configFile = prometheus.command?.find((arg) => arg.startsWith('--config.file='))?.split('=')[1];
      expect(mountTarget('prometheus', 'deploy/prometheus/prometheus.yml')).toBe(configFile);
      expect(prometheus.command?.some((arg) => arg.startsWith('--web.listen-address'))).toBe(false);
      expect(JSON.stringify((prometheus as { ports?: unknown }).ports)).toMatch(/^\["127\.0\.0\.1:9090:9090/);
    });

    it("provisions Grafana with that Prometheus and loads Homeward's dashboard from deploy/grafana/dashboards", () => {
      expect(mountTarget('grafana', 'deploy/grafana/provisioning')).toBe('/etc/grafana/provisioning');
      const { datasources } = readYaml<{ datasources: Array<{ uid: string; type: string; url: string }> }>(
        'deploy/grafana/provisioning/datasources/prometheus.yaml',
      );
      expect(datasources).toHaveLength(1);
      const [source] = datasources as [{ uid: string; type: string; url: string }];
      // Prometheus listens on its default port inside the network (the check above: no other listen address).
      expect({ type: source.type, url: source.url }).toEqual({ type: 'prometheus', url: 'http://prometheus:9090' });
      const { providers } = readYaml<{ providers: Array<{ type: string; options: { path: string } }> }>(
        'deploy/grafana/provisioning/dashboards/homeward.yaml',
      );
      expect(providers.map((provider) => provider.options.path)).toEqual([
        mountTarget('grafana', 'deploy/grafana/dashboards'),
      ]);

      const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/dashboards/homeward.json'), 'utf8')) as {
        uid: string;
        panels: Array<{
          id: number;
          type: string;
          title: string;
          datasource?: { uid: string };
          gridPos: { x: number; w: number };
          targets?: Array<{ expr?: string; datasource?: { uid: string } }>;
        }>;
      };
      expect(dashboard.uid).toBe('homeward');
      const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
      expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
      for (const panel of panels) {
        const uids = [panel.datasource?.uid, ...(panel.targets ?? []).map((target) => target.datasource?.uid)];
        expect({ panel: panel.title, uids: [...new Set(uids)] }).toEqual({ panel: panel.title, uids: [source.uid] });
        expect({
          panel: panel.title,
          queries: (panel.targets ?? []).filter((target) => target.expr).length,
        }).not.toEqual({ panel: panel.title, queries: 0 });
        expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      }
    });
  });

  it('catches a misspelled variable', () => {
    const misspelled = readFileSync(join(root, 'docker-compose.yml'), 'utf8').replace(
      '  TEMPORAL_ADDRESS: temporal:7233',
      '  TEMPORAL_ADRESS: temporal:7233',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'compose-')), 'docker-compose.yml');
    writeFileSync(file, misspelled);
    const result = composeConfig(file, secrets);
    expect(result.status).toBe(0);
    expect(unknownVariables(parse(result.stdout) as ComposeFile, 'worker')).toEqual(['TEMPORAL_ADRESS']);
  });
});
