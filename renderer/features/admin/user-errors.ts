import { ApiError, messageOf } from '../../api/client.ts';

/**
 * A refused user change in words a person can act on. The API guards the last admin and
 * refuses to delete someone who owns servers; both say what to do first.
 */
export function explainUserError(error: unknown, name: string): string {
  if (!(error instanceof ApiError)) return messageOf(error);
  switch (error.code) {
    case 'LAST_ADMIN':
      return `${name} is the last active admin, and StellarStack always keeps one who can sign in: make another user an admin first. (${error.message})`;
    case 'USER_OWNS_SERVERS': {
      const count = typeof error.details.servers === 'number' ? error.details.servers : null;
      const what = count === null ? 'servers' : count === 1 ? 'a server' : `${count} servers`;
      return `${name} still owns ${what}: delete ${count === 1 ? 'it' : 'them'} or give ${count === 1 ? 'it' : 'them'} to another user (the server's settings) first.`;
    }
    case 'EMAIL_TAKEN':
      return 'Another account already uses this email.';
    default:
      return error.message;
  }
}
