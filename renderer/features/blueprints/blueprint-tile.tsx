import type { CSSProperties } from 'react';
import { categoryHue, tileLetters } from './blueprint-search.ts';

/** The blueprint's picture: its initials on a colour its category picks, the same on every screen. */
export function BlueprintTile({ name, category, size = 'normal' }: { name: string; category: string; size?: 'normal' | 'large' }) {
  return (
    <span className={`bp-tile${size === 'large' ? ' large' : ''}`} style={{ '--hue': categoryHue(category) } as CSSProperties} aria-hidden="true">
      {tileLetters(name)}
    </span>
  );
}

/** A category's colour as a small dot, for chips and headers. */
export function CategoryDot({ category }: { category: string }) {
  return <span className="bp-dot" style={{ '--hue': categoryHue(category) } as CSSProperties} aria-hidden="true" />;
}
