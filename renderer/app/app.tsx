import { useEffect } from 'react';
import { Button } from '../components/button.tsx';
import { Toasts } from '../components/feedback.tsx';
import { AuthScreen } from '../features/auth/auth-screen.tsx';
import { useStore } from '../store/index.ts';
import { followSession } from './live-connection.ts';
import { AppRoutes } from './routes.tsx';
import { Shell } from './shell.tsx';

/** Picks the first screen (set-up, sign-in or the app) and keeps the event stream in step with the session. */
export function App() {
  const status = useStore((s) => s.session.status);
  const error = useStore((s) => s.session.error);
  const loadSession = useStore((s) => s.loadSession);
  useEffect(() => {
    void loadSession();
    return followSession();
  }, [loadSession]);

  let screen;
  if (status === 'loading') screen = <div className="center-fill"><span className="spinner" role="status" aria-label="Loading" /></div>;
  else if (status === 'unreachable') {
    screen = (
      <div className="auth">
        <div className="card auth-card" role="alert">
          <h1>Cannot reach the controller</h1>
          <p className="muted">{error}</p>
          <Button variant="primary" onClick={() => void loadSession()}>Try again</Button>
        </div>
      </div>
    );
  } else if (status === 'signed_in') screen = <Shell><AppRoutes /></Shell>;
  else screen = <AuthScreen />;
  return (
    <>
      {screen}
      <Toasts />
    </>
  );
}
