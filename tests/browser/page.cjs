// Drives the query page in headless Chromium as a person would: pick a curated query, fill in
// its parameter, run it, read the result table. Run by tests/it/serve.rs:
//
//   NODE_PATH=…/node_modules CHROMIUM=/usr/bin/chromium node page.cjs URL SCREENSHOT.png
//
// Fails on any console error, page error, failed request or request to another origin (the page
// must work offline). Prints the table rows as JSON on its last line.
"use strict";
const { chromium } = require("playwright-core");

async function main() {
  const [url, screenshot] = process.argv.slice(2);
  const origin = new URL(url).origin;
  const problems = [];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    // No background connections: this machine's network is closed, and the page must not need one.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30000);
    page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`failed request: ${r.url()}`));
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) problems.push(`external request: ${r.url()}`);
    });

    await page.goto(url);
    await page.waitForSelector('#picker option[value="organisation-projects"]', { state: "attached" });
    await page.selectOption("#picker", "organisation-projects");
    const text = await page.inputValue("#query");
    if (!text.includes("pg:roleOf")) problems.push("picking the query did not load its text");
    // Running without the required parameter asks for it instead of sending a request.
    await page.click("#run");
    if (!(await page.textContent("#status")).includes("org")) problems.push("the missing parameter was not reported");
    await page.fill('#params input[data-name="org"]', "Region Stockholm");
    await page.click("#run");
    await page.waitForSelector("#results table tbody tr");
    const rows = await page.$$eval("#results table tbody tr", (trs) =>
      trs.map((tr) => [...tr.cells].map((td) => (td.firstChild ? td.firstChild.textContent : ""))));
    const status = await page.textContent("#status");
    const links = await page.$$eval("#downloads a", (as) => as.map((a) => a.href));
    if (!/\d+ rows? in/.test(status)) problems.push(`unexpected status: ${status}`);
    const csv = links.find((l) => l.includes("format=csv"));
    if (!csv) {
      problems.push(`no CSV download link: ${links}`);
    } else {
      const download = await page.request.get(csv);
      const body = await download.text();
      if (!download.ok() || body.trim().split("\n").length !== rows.length + 1) {
        problems.push(`the CSV download does not match the table: ${download.status()} ${body}`);
      }
    }
    await page.screenshot({ path: screenshot, fullPage: true });
    if (rows.length === 0) problems.push("the result table is empty");
    for (const p of problems) console.log(p);
    console.log(JSON.stringify({ status, rows }));
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.log(`error: ${e.stack || e}`); process.exitCode = 1; });
