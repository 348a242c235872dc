import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { createTRPCClient, httpBatchLink } from '@trpc/client'
import { createTRPCContext } from '@trpc/tanstack-react-query'
import type { AppRouter } from '../../server/routers/app.router'
import { errorCode } from './lib/errors'
import { csrfToken } from './lib/upload'

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>()

/** Fired when the server says the session is gone; App returns to the sign-in page. */
export const UNAUTHORIZED_EVENT = 'ps:unauthorized'

const signalUnauthorized = (err: unknown) => {
  if (errorCode(err) === 'UNAUTHORIZED') window.dispatchEvent(new Event(UNAUTHORIZED_EVENT))
}

export function createClients() {
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError: signalUnauthorized }),
    mutationCache: new MutationCache({
      // A failed sign-in is also UNAUTHORIZED; only other mutations mean the session ended.
      onError: (err, _v, _c, mutation) => {
        if (!JSON.stringify(mutation.options.mutationKey ?? '').includes('signIn')) signalUnauthorized(err)
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        refetchOnWindowFocus: false,
        // 4xx answers (access, validation) do not get better by asking again.
        retry: (count, err) =>
          count < 1 && !/^(UNAUTHORIZED|FORBIDDEN|BAD_REQUEST|NOT_FOUND)$/.test(errorCode(err) ?? ''),
      },
    },
  })
  const trpcClient = createTRPCClient<AppRouter>({
    // The server refuses batches of more than 10 calls (web/server/edge.ts MAX_BATCH).
    links: [httpBatchLink({ url: '/trpc', maxItems: 10, headers: () => ({ 'x-csrf-token': csrfToken() }) })],
  })
  return { queryClient, trpcClient }
}
