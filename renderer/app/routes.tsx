import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Route, Switch } from 'wouter';
import { Loading, PageErrorBoundary, EmptyState } from '../components/feedback.tsx';
import { useStore } from '../store/index.ts';
import { DashboardPage } from '../features/dashboard/dashboard-page.tsx';
import { ServersPage } from '../features/dashboard/servers-page.tsx';

// Pages beyond the first screen load when visited: xterm and the charts come with the server page.
const ServerPage = lazy(() => import('../features/servers/server-page.tsx'));
const CreateServerPage = lazy(() => import('../features/create/create-server-page.tsx'));
const NodesPage = lazy(() => import('../features/nodes/nodes-page.tsx'));
const BlueprintsPage = lazy(() => import('../features/blueprints/blueprints-page.tsx'));
const UsersPage = lazy(() => import('../features/admin/users-page.tsx'));
const SettingsPage = lazy(() => import('../features/account/settings-page.tsx'));

function page(Component: ComponentType | LazyExoticComponent<ComponentType>, key: string) {
  return (
    <PageErrorBoundary resetKey={key}>
      <Suspense fallback={<Loading />}>
        <Component />
      </Suspense>
    </PageErrorBoundary>
  );
}

export function AppRoutes() {
  const isAdmin = useStore((s) => s.session.user?.role === 'admin');
  return (
    <Switch>
      <Route path="/">{page(DashboardPage, 'dashboard')}</Route>
      <Route path="/servers">{page(ServersPage, 'servers')}</Route>
      <Route path="/servers/new">{isAdmin ? page(CreateServerPage, 'create') : <NotAllowed />}</Route>
      <Route path="/servers/:id">{(params) => page(ServerPage, `server-${params.id}`)}</Route>
      <Route path="/nodes">{isAdmin ? page(NodesPage, 'nodes') : <NotAllowed />}</Route>
      <Route path="/blueprints">{page(BlueprintsPage, 'blueprints')}</Route>
      <Route path="/users">{isAdmin ? page(UsersPage, 'users') : <NotAllowed />}</Route>
      <Route path="/settings">{page(SettingsPage, 'settings')}</Route>
      <Route><div className="page-inner"><EmptyState title="Nothing here">That page does not exist. Pick one on the left.</EmptyState></div></Route>
    </Switch>
  );
}

function NotAllowed() {
  return <div className="page-inner"><EmptyState title="Admins only">This part of StellarStack is for admins. Ask one if you need it.</EmptyState></div>;
}
