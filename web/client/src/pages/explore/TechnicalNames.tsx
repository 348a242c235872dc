import { useI18n } from '../../i18n/i18n'
import type { MetaView } from '../../lib/types'
import type { Draft } from './draft'

/**
 * The technical names (view and member names, as the API and the SQL use them) behind a
 * collapsed 技术名称 disclosure: for analysts who script queries, out of everyone else's way.
 */
export function TechnicalNames({ view, draft }: { view: MetaView | undefined; draft: Draft }) {
  const { t } = useI18n()
  if (!view) return null
  const picked = new Set([
    ...draft.measures,
    ...draft.dimensions,
    ...(draft.timeDimension ? [draft.timeDimension] : []),
    ...draft.filters.map((f) => f.member),
  ])
  const members = [...view.measures, ...view.dimensions].filter((m) => picked.has(m.name))
  return (
    <details className="ex-tech" data-testid="tech-names">
      <summary>{t('ex.techNames')}</summary>
      <dl>
        <dt>
          {t('ex.techView')}：{view.title}
        </dt>
        <dd>
          <code>{view.name}</code>
        </dd>
        {members.map((m) => (
          <div key={m.name}>
            <dt>{m.shortTitle ?? m.title}</dt>
            <dd>
              <code>{m.name}</code>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  )
}
