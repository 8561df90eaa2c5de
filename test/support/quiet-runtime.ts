import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker lifecycle lines at INFO drown the test report; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });
