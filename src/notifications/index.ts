export { createSmtpNotifier, messageIdFor, type SendAttempt, type SmtpNotifier } from './smtp-notifier';
export { staffDirectory } from './staff-directory';
export { renderNotification } from './templates';
