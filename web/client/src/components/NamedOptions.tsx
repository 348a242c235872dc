/** A select's choices of coded things (departments, towns, plan areas): the empty choice first, then each by name. */
export function NamedOptions({
  empty,
  items,
}: {
  /** What choosing none means here (全区, 待分配, 请选择…). */
  empty: string
  items: ReadonlyArray<{ code: string; name: string }> | undefined
}) {
  return (
    <>
      <option value="">{empty}</option>
      {(items ?? []).map((i) => (
        <option key={i.code} value={i.code}>
          {i.name}
        </option>
      ))}
    </>
  )
}
