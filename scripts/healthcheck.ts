/** Container health probe: the API's /healthz, or the worker's health port, whichever this process serves. */
const role = process.env.HOMEWARD_ROLE ?? 'api';
const url =
  role === 'worker'
    ? `http://127.0.0.1:${process.env.WORKER_HEALTH_PORT ?? '8080'}/healthz`
    : `http://127.0.0.1:${process.env.API_PORT ?? '3000'}/healthz`;

fetch(url, { signal: AbortSignal.timeout(2500) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
