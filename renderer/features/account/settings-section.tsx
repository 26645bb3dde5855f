import type { ReactNode } from 'react';

/** One card of the settings page, with the id its in-page link points at. */
export function SettingsSection({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section id={id} className="card settings-section" aria-labelledby={`${id}-title`}>
      <div className="settings-section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {description ? <p className="muted">{description}</p> : null}
      </div>
      <div className="settings-section-body">{children}</div>
    </section>
  );
}
