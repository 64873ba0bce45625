import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium package; playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const chromiumMissingReason = existsSync(CHROMIUM_PATH)
  ? null
  : `browser tests skipped: ${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** What a page did that a self-contained report must not do. */
export interface PageEvents {
  consoleMessages: string[];
  pageErrors: string[];
  dialogs: string[];
  /** Requests to anything but file:, data: and blob: URLs. They are aborted, and any entry fails the test. */
  externalRequests: string[];
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile in a temporary --user-data-dir. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'lma-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  await context.route('**/*', async (route) => {
    if (isLocalUrl(route.request().url())) await route.continue();
    else await route.abort('blockedbyclient');
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function isLocalUrl(url: string): boolean {
  return url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:');
}

/** Opens a file from disk in a new page and records console output, errors, dialogs and network requests. */
export async function openReport(browser: Browser, path: string): Promise<{ page: Page; events: PageEvents }> {
  const page = await browser.context.newPage();
  const events: PageEvents = { consoleMessages: [], pageErrors: [], dialogs: [], externalRequests: [] };
  page.on('console', (message) => events.consoleMessages.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => events.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    events.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!isLocalUrl(request.url())) events.externalRequests.push(request.url());
  });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return { page, events };
}
