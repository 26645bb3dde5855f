/**
 * The startup line as the server would run it, for the settings preview: each `{{NAME}}` is
 * replaced by the value in the form, so a change shows before it is saved. Placeholders the
 * form has no value for stay as written. (The node quotes values for the shell; the preview
 * shows the plain values, which is what a person wants to check.)
 */

export interface StartupSegment {
  text: string;
  kind: 'text' | 'value' | 'unknown';
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function startupSegments(template: string, values: Readonly<Record<string, string>>): StartupSegment[] {
  const segments: StartupSegment[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = match.index;
    if (index > last) segments.push({ text: template.slice(last, index), kind: 'text' });
    const name = match[1] as string;
    segments.push(Object.hasOwn(values, name) ? { text: values[name] as string, kind: 'value' } : { text: match[0], kind: 'unknown' });
    last = index + match[0].length;
  }
  if (last < template.length) segments.push({ text: template.slice(last), kind: 'text' });
  return segments;
}

export function renderStartupPreview(template: string, values: Readonly<Record<string, string>>): string {
  return startupSegments(template, values).map((s) => s.text).join('');
}
