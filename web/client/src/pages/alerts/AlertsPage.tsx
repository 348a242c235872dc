import { useI18n } from '../../i18n/i18n'
import type { Me } from '../../lib/types'
import { ChannelsPanel } from './ChannelsPanel'
import { DeliveriesPanel } from './DeliveriesPanel'
import { RuleForm } from './RuleForm'
import { RulesTable } from './RulesTable'
import './alerts.css'

/**
 * 提醒 (evaluators, admins): the alert rules and a form for a new one; for admins, below, the
 * channels with 立即运行 and the delivery log.
 */
export function AlertsPage({ me }: { me: Me }) {
  const { t } = useI18n()
  return (
    <div className="stack al-page">
      <h1>{t('al.title')}</h1>
      <p className="muted">{t('al.intro')}</p>
      <RulesTable />
      <RuleForm />
      {me.role === 'admin' ? (
        <>
          <ChannelsPanel />
          <DeliveriesPanel />
        </>
      ) : null}
    </div>
  )
}
