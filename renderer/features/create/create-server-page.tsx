export default function CreateServerPage() {
  return <div className="page-inner"><h1>CreateServerPage</h1></div>;
}
