// Entry of the kiosk screen: connect to the host, then show the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { connectKiosk } from './rpc/connect-kiosk.ts';
import { App } from './ui/App.tsx';
import './styles/base.css';
import './styles/parts.css';
import './styles/screens.css';

// zod would probe `new Function` for speed, which the CSP (no 'unsafe-eval') forbids.
z.config({ jitless: true });

const { api, connection, hasToken } = connectKiosk(window);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={api} connection={connection} hasToken={hasToken} />
    </StrictMode>,
  );
}
