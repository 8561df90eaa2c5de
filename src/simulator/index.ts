export { startDevPartners, type DevPartners } from './dev-partners';
export { mailRoutes, startMailCatcher, type MailCatcher } from './mail-catcher';
export { scenarioSchema, type Scenario } from './scenario';
export { buildSimulator, type Ledger, type Simulator, type SimulatorOptions } from './server';
