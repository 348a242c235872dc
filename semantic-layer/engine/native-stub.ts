import type { NativeInstance } from '@cubejs-backend/native'

const NEEDS_NATIVE =
  '此功能需要 @cubejs-backend/native（离线安装中没有）：模型请使用不含 Jinja 的 YAML。 ' +
  'This needs @cubejs-backend/native, which offline installs lack: write the model as YAML without Jinja.'

/**
 * Stands in for Cube's NativeInstance. Cube's YAML compiler creates a Jinja engine for
 * every compile (even when no file uses Jinja) and asks for a Python context only when
 * a globals.py exists; the real NativeInstance loads the native binary for either. This
 * stand-in hands out a Jinja engine that is never called for plain YAML and fails with
 * a clear message if a templated file ever appears.
 */
export function offlineNativeInstance(): NativeInstance {
  const stub = {
    native: null,
    getNative(): never {
      throw new Error(NEEDS_NATIVE)
    },
    newJinjaEngine() {
      return {
        loadTemplate(): never {
          throw new Error(NEEDS_NATIVE)
        },
        renderTemplate(): never {
          throw new Error(NEEDS_NATIVE)
        },
      }
    },
    loadPythonContext(): never {
      throw new Error(NEEDS_NATIVE)
    },
  }
  return stub as unknown as NativeInstance
}
