import type { MetaMember } from '../../lib/types'

interface Props {
  legend: string
  members: MetaMember[]
  selected: string[]
  onChange: (selected: string[]) => void
}

/** A fieldset of checkboxes, one per member (title shown, name as a hint). */
export function MemberChecklist({ legend, members, selected, onChange }: Props) {
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...selected, name] : selected.filter((s) => s !== name))
  return (
    <fieldset className="checklist">
      <legend>{legend}</legend>
      {members.map((m) => (
        <label key={m.name} className="check" title={m.description ?? m.name}>
          <input
            type="checkbox"
            value={m.name}
            checked={selected.includes(m.name)}
            onChange={(e) => toggle(m.name, e.target.checked)}
          />
          <span>{m.shortTitle ?? m.title}</span>
          <code className="muted">{m.name.split('.').slice(1).join('.')}</code>
        </label>
      ))}
    </fieldset>
  )
}
