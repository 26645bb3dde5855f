import { ApiError, messageOf } from '../../api/client.ts';
import type { FieldErrors } from '../../lib/validation.ts';

/** Where a failed form submit shows: messages under the fields they name, the rest in one banner. */
export interface PlacedErrors {
  fields: FieldErrors;
  banner: string | null;
}

/** The API's field messages are fragments ("is already in use"): under a label they read as a sentence. */
export function sentence(fragment: string): string {
  const trimmed = fragment.trim();
  return trimmed.length === 0 ? trimmed : trimmed[0]!.toUpperCase() + trimmed.slice(1);
}

/**
 * Puts an API failure where it belongs. A 422 names fields in `details`; so do some 409s
 * (EMAIL_TAKEN names `email`, INSUFFICIENT_CAPACITY names each short resource), which is why
 * this reads `details` for any code, not only VALIDATION_ERROR. Details about a field the
 * form does not show, and the message of every non-422 error, go to the banner so nothing
 * the API said is lost.
 */
export function placeErrors(error: unknown, formFields: readonly string[]): PlacedErrors {
  if (!(error instanceof ApiError)) return { fields: {}, banner: messageOf(error) };
  const fields: FieldErrors = {};
  const stray: string[] = [];
  for (const [key, value] of Object.entries(error.details)) {
    if (typeof value !== 'string') continue;
    if (formFields.includes(key)) fields[key] = sentence(value);
    else stray.push(`${key} ${value}`);
  }
  const placedAll = Object.keys(fields).length > 0 && stray.length === 0;
  if (error.code === 'VALIDATION_ERROR' && placedAll) return { fields, banner: null };
  const banner = stray.length > 0 ? `${error.message}: ${stray.join('; ')}` : error.message;
  return { fields, banner };
}
