export default function UsersPage() {
  return <div className="page-inner"><h1>UsersPage</h1></div>;
}
