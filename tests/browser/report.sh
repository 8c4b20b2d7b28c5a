#!/usr/bin/env bash
# Opens a gap-report page in Debian's headless Chromium, driven by playwright-core, and checks
# what a reader would get: every section heading, both pictures drawn at a readable size, no
# console error or page error, no request leaving the file (the page must be self-contained),
# no sideways scrolling on a laptop screen, network labels that do not overlap, and no serious
# accessibility violation found by axe-core (contrast, headings, names, lang). It leaves a
# screenshot, a full-page screenshot, the rendered DOM and a PDF print for a person to look at.
#
# usage: tests/browser/report.sh [PAGE.html] [OUT_DIR]
#   PAGE.html  default tests/fixtures/report/sample-report.html (rewrite it with
#              `UPDATE_FIXTURES=1 cargo test report::render`)
#   OUT_DIR    default a new temporary directory; gets report.png (1280x2400 viewport),
#              report-full.png, report.pdf, dom.html
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
page="$(realpath "${1:-$root/tests/fixtures/report/sample-report.html}")"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
out="$(realpath "$out")"
[ -f "$page" ] || { echo "report.sh: no such page: $page" >&2; exit 2; }

# Debian's Chromium and Node; playwright's own browser download cannot work on this network.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "report.sh: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# playwright-core (no browser download) and axe-core, cached across runs like the target dir.
modules="${PARTNERGRAPH_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/partnergraph-node}"
if [ ! -d "$modules/node_modules/playwright-core" ] || [ ! -d "$modules/node_modules/axe-core" ]; then
  echo "report.sh: installing playwright-core and axe-core into $modules" >&2
  mkdir -p "$modules"
  npm install --prefix "$modules" --no-audit --no-fund --loglevel=error \
    playwright-core@1 axe-core@4 >&2
fi

# The headings the renderer writes (src/report/render/mod.rs, SECTIONS), plus summary and footer.
export EXPECTED_HEADINGS='["At a glance","Who we are in the data","What our strategy prioritises","The gaps","Who could close each gap","Untapped strengths","Peers","Pictures","Sources"]'

NODE_PATH="$modules/node_modules" node - "$page" "$out" <<'JS'
const fs = require('fs');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const [pagePath, out] = process.argv.slice(2);
const expected = JSON.parse(process.env.EXPECTED_HEADINGS);
const problems = [];

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 2400 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const url = r.url();
      if (!/^(file|data|about):/.test(url)) problems.push(`request leaves the page: ${url}`);
    });

    await page.goto(pathToFileURL(pagePath).href, { waitUntil: 'load' });
    await page.screenshot({ path: `${out}/report.png` });
    await page.screenshot({ path: `${out}/report-full.png`, fullPage: true });
    fs.writeFileSync(`${out}/dom.html`, await page.content());

    const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent.trim()));
    for (const h of expected) {
      if (!headings.includes(h)) problems.push(`missing heading: ${h}`);
    }

    // Both pictures drawn in the summary band, at a size a person can read.
    for (const cls of ['coverage-chart', 'ego-network']) {
      const box = await page.$eval(`.summary svg.${cls}`, (s) => {
        const r = s.getBoundingClientRect();
        return { w: r.width, h: r.height, title: s.querySelector('title')?.textContent };
      }).catch(() => null);
      if (!box) problems.push(`picture missing: svg.${cls}`);
      else if (box.w < 300 || box.h < 150) problems.push(`picture too small: svg.${cls} ${box.w}x${box.h}`);
      else if (!box.title) problems.push(`picture without title: svg.${cls}`);
    }

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    if (overflow > 0) problems.push(`page scrolls sideways by ${overflow}px`);

    // Network labels: any two whose (possibly rotated) boxes overlap by more than a sliver
    // are unreadable. Each box is mapped to the screen and tested by separating axes.
    const overlaps = await page.$eval('#pictures svg.ego-network', (svg) => {
      const quads = [...svg.querySelectorAll('.labels text')].map((t) => {
        const b = t.getBBox();
        const m = t.getScreenCTM();
        const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height],
          [b.x, b.y + b.height]].map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
        return { text: t.textContent, corners };
      });
      const depth = (p, q) => {
        let least = Infinity;
        for (const poly of [p, q]) {
          for (let i = 0; i < 4; i++) {
            const a = poly[i]; const b = poly[(i + 1) % 4];
            const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
            const nx = (a.y - b.y) / len; const ny = (b.x - a.x) / len;
            const span = (poly2) => poly2.map((c) => c.x * nx + c.y * ny);
            const sp = span(p); const sq = span(q);
            least = Math.min(least, Math.min(Math.max(...sp), Math.max(...sq))
              - Math.max(Math.min(...sp), Math.min(...sq)));
          }
        }
        return least;
      };
      const found = [];
      for (let i = 0; i < quads.length; i++) {
        for (let j = i + 1; j < quads.length; j++) {
          if (depth(quads[i].corners, quads[j].corners) > 2) {
            found.push(`${quads[i].text} / ${quads[j].text}`);
          }
        }
      }
      return found;
    });
    for (const o of overlaps) problems.push(`network labels overlap: ${o}`);

    // Accessibility, checked after the screenshots: axe is injected into the page.
    await page.addScriptTag({ path: require.resolve('axe-core') });
    const violations = await page.evaluate(async () => {
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        impact: v.impact, id: v.id, help: v.help, nodes: v.nodes.length,
      }));
    });
    for (const v of violations) {
      const line = `accessibility (${v.impact}): ${v.id}: ${v.help} (${v.nodes} elements)`;
      if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
      else console.error(`report.sh: warning: ${line}`);
    }

    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: `${out}/report.pdf`, format: 'A4', printBackground: true });
    console.log(`report.sh: ${headings.length} headings, screenshots and PDF in ${out}`);
  } finally {
    await browser.close();
  }
  if (problems.length) {
    for (const p of problems) console.error(`report.sh: ${p}`);
    process.exit(1);
  }
  console.log('report.sh: page OK');
})().catch((e) => {
  console.error(`report.sh: ${e.stack || e}`);
  process.exit(1);
});
JS
