import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { I18nProvider } from './i18n/i18n'
import { createClients, TRPCProvider } from './trpc'
import './base.css'
import './pages.css'

const { queryClient, trpcClient } = createClients()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <I18nProvider>
          <App />
        </I18nProvider>
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
)
