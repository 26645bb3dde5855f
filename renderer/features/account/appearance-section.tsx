import { useStore } from '../../store/index.ts';
import type { Theme } from '../../store/ui-slice.ts';
import { SettingsSection } from './settings-section.tsx';

const THEMES: { value: Theme; label: string; hint: string }[] = [
  { value: 'dark', label: 'Dark', hint: 'The default: easy on the eyes next to a console.' },
  { value: 'light', label: 'Light', hint: 'For bright rooms.' },
];

/** The same choice as the rail's sun/moon button, remembered by this browser. */
export function AppearanceSection() {
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  return (
    <SettingsSection id="appearance" title="Appearance" description="Remembered by this browser.">
      <fieldset className="theme-choice">
        <legend className="sr-only">Theme</legend>
        {THEMES.map((option) => (
          <label key={option.value} className={`theme-option${theme === option.value ? ' selected' : ''}`} data-theme-preview={option.value}>
            <input type="radio" name="theme" value={option.value} checked={theme === option.value} onChange={() => setTheme(option.value)} />
            <span className="theme-swatch" aria-hidden="true"><span /><span /><span /></span>
            <span className="theme-text">
              <span className="theme-label">{option.label}</span>
              <span className="faint">{option.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </SettingsSection>
  );
}
