/**
 * Checks a form can make before it asks the API. They mirror the API's own rules (which still
 * decide: its 422 `details` land on the same fields), so a person learns about a short
 * password before the round trip, not instead of it.
 */

export type FieldErrors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD = 8;

export function checkEmail(value: string): string | undefined {
  if (value.trim() === '') return 'Enter an email address';
  if (!EMAIL.test(value.trim())) return 'This is not an email address';
  return undefined;
}

export function checkNewPassword(password: string, confirm?: string): FieldErrors {
  const errors: FieldErrors = {};
  if (password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters`;
  else if (password.length > 256) errors.password = 'Use at most 256 characters';
  if (confirm !== undefined && confirm !== password) errors.confirm = 'The two passwords differ';
  return errors;
}

export function checkAccount(input: { email: string; name: string; password: string; confirm?: string }): FieldErrors {
  const errors: FieldErrors = { ...checkNewPassword(input.password, input.confirm) };
  const email = checkEmail(input.email);
  if (email) errors.email = email;
  if (input.name.trim() === '') errors.name = 'Enter a name';
  else if (input.name.trim().length > 100) errors.name = 'Use at most 100 characters';
  return errors;
}

/** A whole number within bounds, for resource fields typed as text. */
export function checkInteger(raw: string, { min, max, label }: { min: number; max?: number; label: string }): string | undefined {
  if (raw.trim() === '') return `Enter ${label}`;
  const value = Number(raw);
  if (!Number.isInteger(value)) return 'Must be a whole number';
  if (value < min) return `Must be at least ${min}`;
  if (max !== undefined && value > max) return `Must be at most ${max}`;
  return undefined;
}
