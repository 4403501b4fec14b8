// pa11y drives the system's Chromium (/usr/bin/chromium, from scripts/setup.sh --test); puppeteer must
// never download a browser of its own (the machines reach package registries only).
module.exports = { skipDownload: true };
