import type { SemanticLayer } from '../../semantic-layer/engine/engine'
import type { SecurityContext } from '../../semantic-layer/engine/security'

export interface Department {
  code: string
  name: string
}

/** The departments (code and name, by code) a security context may see, from the governed views. */
export async function listDepartments(semantic: SemanticLayer, ctx: SecurityContext): Promise<Department[]> {
  const r = await semantic.load(
    {
      dimensions: ['department_kpis.dept_code', 'department_kpis.dept_name'],
      order: [['department_kpis.dept_code', 'asc']],
      limit: 1000,
    },
    ctx,
  )
  return r.data.map((d) => ({
    code: String(d['department_kpis.dept_code']),
    name: String(d['department_kpis.dept_name']),
  }))
}

/** The towns (code and name, by code) a security context may see: every town has service applications. */
export async function listTowns(semantic: SemanticLayer, ctx: SecurityContext): Promise<Department[]> {
  const r = await semantic.load(
    {
      dimensions: ['application_kpis.town_code', 'application_kpis.town_name'],
      order: [['application_kpis.town_code', 'asc']],
      limit: 1000,
    },
    ctx,
  )
  return r.data
    .filter((d) => d['application_kpis.town_code'])
    .map((d) => ({
      code: String(d['application_kpis.town_code']),
      name: String(d['application_kpis.town_name']),
    }))
}
