import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prefetchCasePage } from './pages/CasePage';
import './styles.css';

// A case page opened by its address asks for its data before React has mounted (issue 19 item 7).
prefetchCasePage(window.location.hash);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
