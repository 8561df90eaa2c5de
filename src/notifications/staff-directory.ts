import type { StaffAddress } from '../config';
import { PartnerRejection, type StaffDirectory } from '../activities/ports';

/**
 * Staff addresses from STAFF_EMAILS: an entry for the role and ID wins over one for the role alone. Outside
 * production an unknown member gets a placeholder address (the mail catcher accepts everything); in production
 * a missing address is a configuration error, never a silent drop.
 */
export function staffDirectory(entries: StaffAddress[], options: { production: boolean }): StaffDirectory {
  return {
    addressOf({ role, id }) {
      const entry =
        (id ? entries.find((candidate) => candidate.role === role && candidate.id === id) : undefined) ??
        entries.find((candidate) => candidate.role === role && candidate.id === undefined);
      if (entry) return { address: entry.address, language: entry.language };
      if (options.production) {
        throw new PartnerRejection('staff directory', `STAFF_EMAILS has no address for ${role}${id ? ` ${id}` : ''}`);
      }
      return {
        address: `${role}${id ? `+${id.replace(/[^A-Za-z0-9_.-]/g, '-')}` : ''}@homeward.invalid`,
        language: 'en',
      };
    },
  };
}
