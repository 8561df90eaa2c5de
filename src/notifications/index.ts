export { createSmtpNotifier, messageIdFor, type SmtpNotifier } from './smtp-notifier';
export { staffDirectory } from './staff-directory';
export { renderNotification } from './templates';
