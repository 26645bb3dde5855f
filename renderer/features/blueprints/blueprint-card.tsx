import { useId, type KeyboardEvent, type Ref } from 'react';
import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import { categoryLabel, describeDefaults, describePorts } from './blueprint-search.ts';
import { BlueprintTile } from './blueprint-tile.tsx';

interface BlueprintCardProps {
  blueprint: Blueprint;
  /** Set on a page where cards are a choice (create server): the card is then a toggle button. */
  pressed?: boolean;
  tabIndex: number;
  onSelect(blueprint: Blueprint): void;
  onKeyDown(event: KeyboardEvent<HTMLButtonElement>): void;
  buttonRef: Ref<HTMLButtonElement>;
}

/**
 * One blueprint in the catalogue. A button named by the blueprint's name alone (so "Valheim"
 * finds it), its category, description and defaults read as the description.
 */
export function BlueprintCard({ blueprint, pressed, tabIndex, onSelect, onKeyDown, buttonRef }: BlueprintCardProps) {
  const nameId = useId();
  const aboutId = useId();
  const categoryId = useId();
  return (
    <button type="button" className="bp-card" ref={buttonRef} tabIndex={tabIndex} aria-pressed={pressed}
      aria-labelledby={nameId} aria-describedby={`${categoryId} ${aboutId}`} data-blueprint={blueprint.id}
      onClick={() => onSelect(blueprint)} onKeyDown={onKeyDown}>
      <span className="bp-card-head">
        <BlueprintTile name={blueprint.name} category={blueprint.category} />
        <span className="bp-card-title">
          <span className="bp-card-name" id={nameId}>{blueprint.name}</span>
          <span className="bp-card-category" id={categoryId}>{categoryLabel(blueprint.category)}{blueprint.builtin ? '' : ' · custom'}</span>
        </span>
      </span>
      <span id={aboutId} className="bp-card-about">
        <span className="bp-card-description" title={blueprint.description}>{blueprint.description || 'No description'}</span>
        <span className="bp-card-facts num">
          <span>{describeDefaults(blueprint.defaults)}</span>
          <span className="bp-card-ports">{describePorts(blueprint.ports, 2)}</span>
        </span>
      </span>
    </button>
  );
}
