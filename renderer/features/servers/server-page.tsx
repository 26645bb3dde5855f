export default function ServerPage() {
  return <div className="page-inner"><h1>ServerPage</h1></div>;
}
