import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import { formatCores } from '../../lib/format.ts';
import { sizeOfMiB } from './amounts.ts';

/** The catalogue's filter: free text and one category ('' = all). */
export interface BlueprintFilter {
  text: string;
  category: string;
}

export const ALL_BLUEPRINTS: BlueprintFilter = { text: '', category: '' };

export interface CategoryCount {
  /** Lowercased: categories are compared without case, as the API's own `category` filter does. */
  key: string;
  label: string;
  count: number;
}

/** Each category present, once, with how many blueprints it holds; sorted by label. */
export function blueprintCategories(blueprints: readonly Blueprint[]): CategoryCount[] {
  const byKey = new Map<string, CategoryCount>();
  for (const blueprint of blueprints) {
    const key = blueprint.category.trim().toLowerCase();
    const entry = byKey.get(key);
    if (entry) entry.count += 1;
    else byKey.set(key, { key, label: categoryLabel(blueprint.category), count: 1 });
  }
  return [...byKey.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** Categories are stored as typed ("shooter"); shown with a capital first letter. */
export function categoryLabel(category: string): string {
  const trimmed = category.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/**
 * The blueprints a filter keeps, sorted by name. Every word typed must appear somewhere in
 * the name, id, category or description, so "mine java" finds Minecraft: Java Edition.
 */
export function filterBlueprints(blueprints: readonly Blueprint[], filter: BlueprintFilter): Blueprint[] {
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const category = filter.category.trim().toLowerCase();
  return blueprints
    .filter((blueprint) => {
      if (category !== '' && blueprint.category.trim().toLowerCase() !== category) return false;
      if (words.length === 0) return true;
      const haystack = `${blueprint.name} ${blueprint.id} ${blueprint.category} ${blueprint.description}`.toLowerCase();
      return words.every((word) => haystack.includes(word));
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
}

/** Hues far enough apart to tell categories apart at a glance, in both themes. */
const CATEGORY_HUES = [212, 150, 28, 280, 338, 186, 48, 4, 248, 96];

/**
 * A stable hue for a category, so every card of one category shares a colour on every screen
 * and in both themes (the theme picks lightness, the category picks hue).
 */
export function categoryHue(category: string): number {
  // FNV-1a: short words that differ in one letter still land far apart.
  let hash = 0x811c9dc5;
  for (const char of category.trim().toLowerCase()) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  return CATEGORY_HUES[hash % CATEGORY_HUES.length]!;
}

/** "2 GiB · 1 core · 10 GiB": memory, CPU and disk a new server gets unless changed. */
export function describeDefaults(defaults: Blueprint['defaults']): string {
  return `${sizeOfMiB(defaults.memory)} · ${formatCores(defaults.cpu)} · ${sizeOfMiB(defaults.disk)}`;
}

/** "27015/udp · 27015/tcp", at most `max` of them, then "+N". */
export function describePorts(ports: Blueprint['ports'], max = 3): string {
  if (ports.length === 0) return 'no ports';
  const shown = ports.slice(0, max).map((p) => `${p.port}/${p.protocol}`);
  return ports.length > max ? `${shown.join(' · ')} +${ports.length - max}` : shown.join(' · ');
}

/** One or two letters for a blueprint's tile: the first letters of its first words ("Echo (test)" → "ET"). */
export function tileLetters(name: string): string {
  const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}
