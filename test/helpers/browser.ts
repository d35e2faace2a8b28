/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium (or $CHROMIUM_PATH) driven by
 * playwright-core. Tests skip, saying why, where no browser is installed (`.ci/run` installs it with apt).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The Chromium executable, when one is installed. */
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => Boolean(path && existsSync(path)),
);

/** Why browser tests skip, or undefined when they run. */
export const NO_BROWSER = CHROMIUM
  ? undefined
  : 'browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH)';

/** Launch headless Chromium with the flags this offline machine needs. */
export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error(NO_BROWSER);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--allow-file-access-from-files',
    ],
  });
}
