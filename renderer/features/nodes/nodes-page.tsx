export default function NodesPage() {
  return <div className="page-inner"><h1>NodesPage</h1></div>;
}
