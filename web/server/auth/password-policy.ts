import fs from 'node:fs'
import path from 'node:path'

/**
 * Password policy for passwords people choose (issue 11): at least 12 characters, letters and
 * digits, not the username nor containing it, not a common password (common-passwords.txt, also
 * after stripping digits/symbols around it and undoing l33t spelling), not a run of repeated,
 * sequential or keyboard-adjacent characters.
 */
export const MIN_LENGTH = 12

let common: Set<string> | undefined
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(path.join(import.meta.dirname, 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  )
  return common
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
}
const unleet = (s: string) => s.replace(/[013457@$!]/g, (c) => LEET[c]!)

/** The password or the word inside it ("P@ssw0rd2024!" → "password") is a common one. */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswords()
  const lower = password.toLowerCase()
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  return [lower, core, unleet(lower), unleet(core)].some((s) => s.length >= 4 && list.has(s))
}

const KEYBOARD = [
  '1234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz',
  '2wsx',
  '3edc',
  '4rfv',
  '5tgb',
  '6yhn',
  '7ujm',
  '8ik,',
  '9ol.',
  '0p;/',
]

function adjacent(a: string, b: string): boolean {
  const d = Math.abs(a.charCodeAt(0) - b.charCodeAt(0))
  if (d <= 1 || (a === '9' && b === '0') || (a === '0' && b === '9')) return true
  return KEYBOARD.some((row) => {
    const i = row.indexOf(a)
    return i >= 0 && Math.abs(row.indexOf(b) - i) === 1
  })
}

/** Few distinct characters, or mostly repeated/sequential/keyboard-adjacent neighbours. */
export function isTrivialPassword(password: string): boolean {
  const s = [...password.toLowerCase()]
  if (new Set(s).size < 5) return true
  let runs = 0
  for (let i = 1; i < s.length; i++) if (adjacent(s[i - 1]!, s[i]!)) runs++
  return runs >= 0.7 * (s.length - 1)
}

/** Why a password may not be used, in Chinese (English), or null when it is fine. */
export function passwordProblem(password: string, username = ''): string | null {
  if ([...password].length < MIN_LENGTH) return `密码至少${MIN_LENGTH}位 (at least ${MIN_LENGTH} characters)`
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return '密码需同时包含字母和数字 (letters and digits)'
  const lower = password.toLowerCase()
  const name = username.trim().toLowerCase()
  if (name && (lower === name || (name.length >= 3 && lower.includes(name))))
    return '密码不能包含用户名 (must not contain the username)'
  if (isCommonPassword(password)) return '密码过于常见，请换一个 (too common a password)'
  if (isTrivialPassword(password))
    return '密码过于简单：重复、连续或键盘相邻的字符 (repeated, sequential or keyboard-walk characters)'
  return null
}
