import { useI18n } from '../../i18n/i18n'
import type { MetaMember } from '../../lib/types'
import { modelText } from './labels'

interface Props {
  legend: string
  members: MetaMember[]
  selected: string[]
  onChange: (selected: string[]) => void
}

/** A fieldset of checkboxes, one per member, by its Chinese title (the description as a hint). */
export function MemberChecklist({ legend, members, selected, onChange }: Props) {
  const { lang } = useI18n()
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...selected, name] : selected.filter((s) => s !== name))
  return (
    <fieldset className="checklist">
      <legend>{legend}</legend>
      {members.map((m) => (
        <label key={m.name} className="check" title={modelText(m.description, lang)}>
          <input
            type="checkbox"
            value={m.name}
            checked={selected.includes(m.name)}
            onChange={(e) => toggle(m.name, e.target.checked)}
          />
          <span>{m.shortTitle ?? m.title}</span>
        </label>
      ))}
    </fieldset>
  )
}
