// Entry of the admin console (served by the central platform at /console/).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createConsoleApi } from './api/console-api.ts';
import { App } from './ui/App.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={createConsoleApi()} />
  </StrictMode>,
);
