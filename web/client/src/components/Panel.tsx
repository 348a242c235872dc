import type { ReactNode } from 'react'
import { QueryState } from './QueryState'

interface Props {
  title: string
  isPending: boolean
  error: unknown
  isEmpty?: boolean
  onRetry?: () => void
  actions?: ReactNode
  children: ReactNode
  testId?: string
}

/** A titled card whose body shows loading, error and empty states before its content. */
export function Panel({ title, isPending, error, isEmpty, onRetry, actions, children, testId }: Props) {
  return (
    <section className="card panel" aria-label={title} data-testid={testId}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions}
      </header>
      <QueryState isPending={isPending} error={error} isEmpty={isEmpty} onRetry={onRetry}>
        {children}
      </QueryState>
    </section>
  )
}
