// A page on another origin (a notebook, a dashboard, or a site the user happens to visit) tries to
// read the endpoint with fetch(), in headless Chromium. Run by tests/it/serve.rs:
//
//   NODE_PATH=…/node_modules CHROMIUM=/usr/bin/chromium node cors.cjs PAGE_URL ENDPOINT
//
// PAGE_URL is any page on another origin (the test uses a second server's query page, with its
// own Content-Security-Policy set aside so that the script may fetch elsewhere). Prints, as
// JSON on its last line, whether the page could read the answer and what it read.
"use strict";
const { chromium } = require("playwright-core");

async function main() {
  const [pageUrl, endpoint] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ bypassCSP: true });
    page.setDefaultTimeout(30000);
    await page.goto(pageUrl);
    const result = await page.evaluate(async (endpoint) => {
      try {
        const response = await fetch(endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
          body: "query=" + encodeURIComponent("ASK { ?s a pg:Project }"),
        });
        return { read: true, status: response.status, body: await response.text() };
      } catch (e) {
        return { read: false, error: String(e) };
      }
    }, endpoint);
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
