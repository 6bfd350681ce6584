// Real-stack requirements for tests (Chromium, pcscd + vpcd, Wine, …). A missing stack skips
// its tests with a loud message that says what is missing and how to get it, unless the run
// requires it: with NHICARD_TEST_REQUIRE=all (CI) or a comma list naming the stack, a missing
// stack fails instead, so a CI run can never pass by skipping.

/** Whether the environment demands `name` (NHICARD_TEST_REQUIRE=all, or a list naming it). */
export function isStackRequired(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const required = (env.NHICARD_TEST_REQUIRE ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return required.includes('all') || required.includes(name);
}

/**
 * Checks one real stack. Returns `true` when it is available. When it is not, throws if the
 * run requires it (the test file fails, with `why` in the message); otherwise prints a loud
 * warning and returns `false`, for `describe.skipIf(!available)`.
 *
 * @param name the stack, e.g. `chromium`
 * @param available whether it was found
 * @param why what is missing and how to install it, e.g. `/usr/bin/chromium not found:
 *   apt-get install -y --no-install-recommends chromium`
 */
export function requireStack(
  name: string,
  available: boolean,
  why: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (available) return true;
  const message = `real stack "${name}" is missing: ${why}`;
  if (isStackRequired(name, env)) {
    throw new Error(`${message} (NHICARD_TEST_REQUIRE=${env.NHICARD_TEST_REQUIRE} requires it)`);
  }
  const rule = '!'.repeat(78);
  console.warn(
    `\n${rule}\n!! SKIPPING: ${message}\n!! Set NHICARD_TEST_REQUIRE=all to make this a failure.\n${rule}\n`,
  );
  return false;
}
