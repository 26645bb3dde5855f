export default function BlueprintsPage() {
  return <div className="page-inner"><h1>BlueprintsPage</h1></div>;
}
