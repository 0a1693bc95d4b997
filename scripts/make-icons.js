#!/usr/bin/env node
// Draws the add-in's icons into assets/: a dark green rounded square with a white symbol.
//   icon-{16,32,64,80,128}.png     the add-in (and "Öppna Verksamhetsplan"): three rising bars
//   check-{16,32,80}.png           "Kontrollera": a check mark
//   summary-{16,32,80}.png         "Skapa sammanställning": a sheet with rows and a total line
// Usage: node scripts/make-icons.js   (deterministic: the same PNGs every run; commit them)
const fs = require("fs");
const path = require("path");
const { PNG } = require("pngjs");

const GREEN = [0x18, 0x5c, 0x37];
const WHITE = [0xff, 0xff, 0xff];
const SAMPLES = 6; // per axis, for anti-aliasing

/** Rounded square [0.02, 0.98]² with corner radius r: is (x, y) inside? */
function inRoundedSquare(x, y, r = 0.2, lo = 0.02, hi = 0.98) {
  const cx = Math.min(Math.max(x, lo + r), hi - r);
  const cy = Math.min(Math.max(y, lo + r), hi - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= lo && x <= hi && y >= lo && y <= hi;
}

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

/** Distance from (x, y) to the segment a–b. */
function segmentDistance(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

const polyline = (points, width) => (x, y) =>
  points.slice(1).some((p, i) => segmentDistance(x, y, points[i], p) <= width / 2);

const SYMBOLS = {
  // Three rising bars on a base line.
  icon: [
    rect(0.22, 0.56, 0.34, 0.76),
    rect(0.44, 0.42, 0.56, 0.76),
    rect(0.66, 0.26, 0.78, 0.76),
    rect(0.18, 0.79, 0.82, 0.84),
  ],
  // A check mark.
  check: [
    polyline(
      [
        [0.24, 0.52],
        [0.42, 0.7],
        [0.77, 0.3],
      ],
      0.13,
    ),
  ],
  // A sheet: header bar, two rows and a total line.
  summary: [
    rect(0.22, 0.22, 0.78, 0.34),
    rect(0.22, 0.42, 0.78, 0.48),
    rect(0.22, 0.55, 0.78, 0.61),
    rect(0.22, 0.7, 0.78, 0.78),
  ],
};

function draw(symbol, size) {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (!inRoundedSquare(x, y)) continue;
          if (SYMBOLS[symbol].some((shape) => shape(x, y))) fg++;
          else bg++;
        }
      }
      const total = SAMPLES * SAMPLES;
      const alpha = (bg + fg) / total;
      const i = (py * size + px) * 4;
      const mix = (c) => (bg + fg === 0 ? 0 : Math.round((GREEN[c] * bg + WHITE[c] * fg) / (bg + fg)));
      png.data[i] = mix(0);
      png.data[i + 1] = mix(1);
      png.data[i + 2] = mix(2);
      png.data[i + 3] = Math.round(alpha * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

const OUTPUT = {
  icon: [16, 32, 64, 80, 128],
  check: [16, 32, 80],
  summary: [16, 32, 80],
};

const dir = path.join(__dirname, "..", "assets");
fs.mkdirSync(dir, { recursive: true });
for (const [symbol, sizes] of Object.entries(OUTPUT)) {
  for (const size of sizes) {
    const file = path.join(dir, `${symbol}-${size}.png`);
    fs.writeFileSync(file, draw(symbol, size));
    console.log(`Skrev ${path.relative(process.cwd(), file)}`);
  }
}
