import type { ITheme } from '@xterm/xterm';
import type { Theme } from '../../../store/ui-slice.ts';

/**
 * The terminal's colours: background, text and selection from the page's CSS variables (so
 * the console follows the theme switch), and an ANSI palette chosen per theme — the stock
 * palette's yellow and white are unreadable on a light background.
 */

const DARK_ANSI: ITheme = {
  black: '#1b1f2a', red: '#f26b63', green: '#3fb950', yellow: '#d9a23a', blue: '#7c8cff', magenta: '#c678dd', cyan: '#56b6c2', white: '#d8dce6',
  brightBlack: '#6b7387', brightRed: '#ff8a80', brightGreen: '#6fdc7f', brightYellow: '#f0c060', brightBlue: '#a3aeff', brightMagenta: '#dda0f0', brightCyan: '#7fd4de', brightWhite: '#ffffff',
};

const LIGHT_ANSI: ITheme = {
  black: '#1f2430', red: '#c4302b', green: '#1a7f37', yellow: '#8a5a00', blue: '#3a45b8', magenta: '#8e3aa8', cyan: '#0e7490', white: '#6b7386',
  brightBlack: '#545c6e', brightRed: '#d1453b', brightGreen: '#218f43', brightYellow: '#9a6700', brightBlue: '#4b57d1', brightMagenta: '#a04bbd', brightCyan: '#13829e', brightWhite: '#3a4050',
};

function cssVar(styles: CSSStyleDeclaration, name: string, fallback: string): string {
  return styles.getPropertyValue(name).trim() || fallback;
}

export function terminalTheme(theme: Theme): ITheme {
  const styles = getComputedStyle(document.documentElement);
  const background = cssVar(styles, '--terminal-bg', theme === 'dark' ? '#0a0c10' : '#fbfbfd');
  const foreground = cssVar(styles, '--terminal-fg', theme === 'dark' ? '#d8dce6' : '#1f2430');
  return {
    ...(theme === 'dark' ? DARK_ANSI : LIGHT_ANSI),
    background,
    foreground,
    cursor: foreground,
    cursorAccent: background,
    selectionBackground: theme === 'dark' ? 'rgba(124, 140, 255, 0.35)' : 'rgba(75, 87, 209, 0.22)',
    scrollbarSliderBackground: theme === 'dark' ? 'rgba(154, 162, 181, 0.18)' : 'rgba(84, 92, 110, 0.16)',
    scrollbarSliderHoverBackground: theme === 'dark' ? 'rgba(154, 162, 181, 0.4)' : 'rgba(84, 92, 110, 0.35)',
    scrollbarSliderActiveBackground: theme === 'dark' ? 'rgba(154, 162, 181, 0.5)' : 'rgba(84, 92, 110, 0.45)',
  };
}

/** Search highlights (the addon wants #RRGGBB). */
export function searchDecorations(theme: Theme) {
  return theme === 'dark'
    ? { matchBackground: '#3a3f5c', matchOverviewRuler: '#7c8cff', activeMatchBackground: '#7c8cff', activeMatchColorOverviewRuler: '#d9a23a' }
    : { matchBackground: '#dfe2fb', matchOverviewRuler: '#4b57d1', activeMatchBackground: '#f5d76e', activeMatchColorOverviewRuler: '#a86a00' };
}
