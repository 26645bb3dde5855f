import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import { Button } from '../../components/button.tsx';
import { EmptyState, ErrorBanner, Loading } from '../../components/feedback.tsx';
import { Icon } from '../../components/icon.tsx';
import { useStore } from '../../store/index.ts';
import { BlueprintCard } from './blueprint-card.tsx';
import { ALL_BLUEPRINTS, blueprintCategories, filterBlueprints, type BlueprintFilter } from './blueprint-search.ts';
import { CategoryDot } from './blueprint-tile.tsx';
import './blueprints.css';

interface BlueprintCatalogueProps {
  /** The chosen blueprint on a page where cards are a choice; undefined where they open a detail. */
  selectedId?: string | null;
  onSelect(blueprint: Blueprint): void;
}

/**
 * The searchable grid of blueprint cards, shared by the Blueprints and Create server pages.
 * The grid is one tab stop (the chosen card, else the first); arrow keys, Home and End move
 * between cards, so Tab goes on to what follows the catalogue instead of through every card.
 */
export function BlueprintCatalogue({ selectedId, onSelect }: BlueprintCatalogueProps) {
  const items = useStore((s) => s.blueprints.items);
  const error = useStore((s) => s.blueprints.error);
  const loadBlueprints = useStore((s) => s.loadBlueprints);
  const [filter, setFilter] = useState<BlueprintFilter>(ALL_BLUEPRINTS);
  const categories = useMemo(() => blueprintCategories(items ?? []), [items]);
  const shown = useMemo(() => filterBlueprints(items ?? [], filter), [items, filter]);

  useEffect(() => {
    void loadBlueprints();
  }, [loadBlueprints]);

  const selectable = selectedId !== undefined;
  return (
    <div className="bp-catalogue">
      <div className="toolbar bp-toolbar">
        <div className="search">
          <Icon name="search" />
          <input className="input" type="search" data-search placeholder="Search blueprints  ( / )" aria-label="Search blueprints"
            value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
        </div>
        {categories.length > 1 ? (
          <div className="bp-chips" role="group" aria-label="Category">
            <button type="button" className="bp-chip" aria-pressed={filter.category === ''} onClick={() => setFilter({ ...filter, category: '' })}>
              All <span className="faint num">{items?.length ?? 0}</span>
            </button>
            {categories.map((category) => (
              <button key={category.key} type="button" className="bp-chip" aria-pressed={filter.category === category.key}
                onClick={() => setFilter({ ...filter, category: filter.category === category.key ? '' : category.key })}>
                <CategoryDot category={category.key} /> {category.label} <span className="faint num">{category.count}</span>
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {error && !items ? (
        <div className="card-pad"><ErrorBanner error={new Error(`The blueprints could not be loaded: ${error}`)} onRetry={() => void loadBlueprints(true)} /></div>
      ) : !items ? (
        <Loading what="Loading blueprints" />
      ) : items.length === 0 ? (
        <EmptyState title="No blueprints yet">Blueprints describe how to run a game. An admin adds them here.</EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState title="No blueprint matches" action={<Button size="small" onClick={() => setFilter(ALL_BLUEPRINTS)}>Show all blueprints</Button>}>
          Nothing in {filter.category ? `“${categories.find((c) => c.key === filter.category)?.label ?? filter.category}”` : 'the catalogue'} matches “{filter.text.trim()}”.
        </EmptyState>
      ) : (
        <CardGrid blueprints={shown} selectedId={selectable ? selectedId ?? null : null} selectable={selectable} onSelect={onSelect} />
      )}
      <p className="sr-only" aria-live="polite">{items ? `${shown.length} of ${items.length} blueprints shown` : ''}</p>
    </div>
  );
}

interface CardGridProps {
  blueprints: Blueprint[];
  selectedId: string | null;
  selectable: boolean;
  onSelect(blueprint: Blueprint): void;
}

function CardGrid({ blueprints, selectedId, selectable, onSelect }: CardGridProps) {
  const gridRef = useRef<HTMLDivElement>(null);
  const cards = useRef<(HTMLButtonElement | null)[]>([]);
  const selectedIndex = blueprints.findIndex((b) => b.id === selectedId);
  const [focusIndex, setFocusIndex] = useState(0);
  // The tab stop follows the choice; when the list shrinks under it, it falls back in range.
  const tabStop = selectedIndex >= 0 ? selectedIndex : Math.min(focusIndex, blueprints.length - 1);

  function columns(): number {
    const template = gridRef.current ? getComputedStyle(gridRef.current).gridTemplateColumns : '';
    return Math.max(1, template.split(' ').filter(Boolean).length);
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      ArrowDown: index + columns(),
      ArrowUp: index - columns(),
      Home: 0,
      End: blueprints.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined || next < 0 || next >= blueprints.length) return;
    event.preventDefault();
    setFocusIndex(next);
    cards.current[next]?.focus();
  }

  return (
    <div className="bp-grid" ref={gridRef} role={selectable ? 'group' : undefined} aria-label={selectable ? 'Games' : undefined}>
      {blueprints.map((blueprint, index) => (
        <BlueprintCard key={blueprint.id} blueprint={blueprint}
          pressed={selectable ? blueprint.id === selectedId : undefined}
          tabIndex={index === tabStop ? 0 : -1}
          buttonRef={(element) => { cards.current[index] = element; }}
          onKeyDown={(event) => onKeyDown(event, index)}
          onSelect={(chosen) => { setFocusIndex(index); onSelect(chosen); }} />
      ))}
    </div>
  );
}
