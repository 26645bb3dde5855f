import { startupSegments } from './startup-preview.ts';

/** The startup line with the form's values filled in; values stand out, unknown placeholders stay as written. */
export function StartupPreview({ template, values }: { template: string; values: Readonly<Record<string, string>> }) {
  const segments = startupSegments(template, values);
  return (
    <div className="startup-preview">
      <div className="field-label" id="startup-preview-label">Startup command</div>
      <pre className="mono" aria-labelledby="startup-preview-label">
        {segments.map((segment, index) => (
          segment.kind === 'text' ? segment.text : <span key={index} className={`startup-${segment.kind}`}>{segment.text}</span>
        ))}
      </pre>
      <span className="hint faint">A preview with the values above; the node quotes them for the shell when it starts the server.</span>
    </div>
  );
}
