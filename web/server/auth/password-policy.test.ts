import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../app/config'
import { randomPassword } from './password'
import { isCommonPassword, passwordProblem } from './password-policy'
import { checkSeedPasswords } from './seed'

describe('password policy', () => {
  it.each([
    ['aaaaaaaaa1', '12'],
    ['Short-pw-1', '12'],
    ['only-letters-here', 'letters and digits'],
    ['aaaaaaaaaaa1', 'common'],
    ['P@ssw0rd2024!', 'common'],
    ['Password12345', 'common'],
    ['qwertyuiop123', 'common'],
    ['1qaz2wsx3edc', 'common'],
    ['woaini131452', 'common'],
    ['123456789abc', 'sequential'],
    ['abab1212abab', 'repeated'],
    ['Leader-2025-x9', 'username'],
  ])('refuses %s (%s)', (pw, why) => {
    expect(passwordProblem(pw, 'leader')).toMatch(new RegExp(why))
  })

  it.each(['Test-pass-2025', 'Changed-pass-2026', 'Another-pass-2026', 'Rst-Pw9Qs-SecretValue'])(
    'accepts %s',
    (pw) => {
      expect(passwordProblem(pw, 'leader')).toBeNull()
    },
  )

  it('ships a list of thousands of common passwords', () => {
    expect(isCommonPassword('password')).toBe(true)
    expect(isCommonPassword('Qwerty123456')).toBe(true)
  })

  it('generated passwords always pass', () => {
    for (let i = 0; i < 2000; i++) expect(passwordProblem(randomPassword())).toBeNull()
  })

  it('ADMIN_PASSWORD / DEMO_PASSWORD that fail the policy stop start-up', () => {
    const cfg = (env: Record<string, string>) => loadConfig({ DATA_DIR: '/tmp/x', ...env })
    expect(() => checkSeedPasswords(cfg({ ADMIN_PASSWORD: 'Admin-pass-2025' }))).toThrow(
      /ADMIN_PASSWORD: .*username/,
    )
    expect(() => checkSeedPasswords(cfg({ DEMO_PASSWORD: 'aaaaaaaaa1' }))).toThrow(/DEMO_PASSWORD: .*12/)
    expect(() =>
      checkSeedPasswords(cfg({ ADMIN_PASSWORD: 'Root-pass-2025', DEMO_PASSWORD: 'Demo-pass-2025' })),
    ).not.toThrow()
  })
})
