import { existsSync } from 'node:fs';
import { execa } from 'execa';

/** Debian's chromium: found on PATH, or installed with apt-get where the tests run as root (CI, a fresh box). */
export async function ensureChromium(): Promise<string> {
  const find = () => ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const found = find();
  if (found) return found;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get'))
    throw new Error(
      "the report test renders in headless Chromium: install Debian's chromium package (apt-get install chromium)",
    );
  process.stderr.write(
    'tests: installing Debian’s chromium package for the report test (once per machine)…\n',
  );
  await execa('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  await execa('apt-get', ['install', '-y', '-qq', 'chromium'], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
    stdio: 'inherit',
  });
  const installed = find();
  if (!installed) throw new Error('apt-get install chromium finished but no chromium binary appeared');
  return installed;
}

/** A PNG of `url` as headless Chromium draws it, `width`×`height` CSS pixels at scale 1. */
export async function screenshot(chromium: string, url: string, out: string, width: number, height: number) {
  await execa(
    chromium,
    [
      '--headless',
      '--no-sandbox', // root in CI: Chromium's sandbox refuses to run as root
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-device-scale-factor=1',
      `--window-size=${width},${height}`,
      `--screenshot=${out}`,
      url,
    ],
    { timeout: 120_000 },
  );
}
