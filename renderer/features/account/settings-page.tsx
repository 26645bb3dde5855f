export default function SettingsPage() {
  return <div className="page-inner"><h1>SettingsPage</h1></div>;
}
