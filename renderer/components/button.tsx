import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Icon, type IconName } from './icon.tsx';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'default' | 'primary' | 'danger' | 'danger-solid' | 'ghost';
  size?: 'normal' | 'small';
  icon?: IconName;
  /** Shows a spinner and blocks clicks while the action it started runs. */
  busy?: boolean;
  children?: ReactNode;
}

export function Button({ variant = 'default', size = 'normal', icon, busy = false, children, className, disabled, type = 'button', ...rest }: ButtonProps) {
  const classes = ['btn', variant === 'danger-solid' ? 'danger solid' : variant === 'default' ? '' : variant, size === 'small' ? 'small' : '', children ? '' : 'icon', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <button type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <span className="spinner" aria-hidden="true" /> : icon ? <Icon name={icon} size={size === 'small' ? 14 : 16} /> : null}
      {children}
    </button>
  );
}
