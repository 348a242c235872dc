/**
 * Node flags the server runs with (`npm start`, and every test that starts the real server).
 *
 * The JavaScript heap is bounded: left to itself V8 sized it to a quarter of the machine and
 * collected lazily, so under 50 sessions the process grew to 3 GB and stayed there (the
 * load test at scale 10). At 512 MB it holds ~1 GB in all, stable. The budget: ~110 MB
 * for the compiled model and the app, the result cache (`RESULT_CACHE_MB`, estimated bytes,
 * ~2× in the heap), one explore result in flight (`RESULT_MAX_MB`, likewise), exports.
 * `package.json`'s start script spells the same flags (a test compares them).
 */
export const SERVER_NODE_FLAGS = ['--max-old-space-size=512'] as const
