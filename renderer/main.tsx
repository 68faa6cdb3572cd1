import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/charts.css';
import './styles/table.css';
import './styles/filters.css';
import './styles/detail.css';
import './styles/dialogs.css';
import './styles/analysis.css';
import './styles/insights.css';
import './styles/forms.css';
import './styles/traffic.css';
import './styles/taxonomy.css';
import './styles/health.css';

const client = new QueryClient({
  defaultOptions: {
    // A failed query is shown at once with its reason; the user decides when to try again.
    queries: { retry: false, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
