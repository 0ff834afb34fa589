// Independent Tết table: Vietnamese lunar new year for UTC+7, derived from
// astronomy-engine (VSOP87/precise lunar theory) new moons and solar terms.
const A = require('astronomy-engine');
const TZ = 7 * 3600 * 1000, DAY = 86400000;
const localDay = (t) => Math.floor((t.date.getTime() + TZ) / DAY);  // days since 1970 local
const dayStartUtc = (d) => new Date(d * DAY - TZ);
function newMoonsFrom(date, n) {
  const out = []; let t = A.MakeTime(date);
  for (let i = 0; i < n; i++) {
    const nm = A.SearchMoonPhase(0, t, 40);
    out.push(localDay(nm));
    t = nm.AddDays(1);
  }
  return out;
}
const sector = (d) => Math.floor(A.SunPosition(A.MakeTime(dayStartUtc(d))).elon / 30);
function month11Start(year) {  // local day number of start of month 11 containing Dec solstice of year
  const sol = localDay(A.Seasons(year).dec_solstice);
  const nms = newMoonsFrom(dayStartUtc(sol - 40), 3);
  let m = nms[0]; for (const x of nms) if (x <= sol) m = x; return m;
}
function tet(year) {
  const a11 = month11Start(year - 1), b11 = month11Start(year);
  const nms = newMoonsFrom(dayStartUtc(a11), 15); // nms[0] == a11
  if (nms[0] !== a11) throw new Error('mismatch ' + year);
  const count = nms.indexOf(b11);
  let leapIdx = -1;
  if (count === 13) {
    for (let i = 1; i < 13; i++) {  // month i after month 11: has no principal term?
      if (sector(nms[i]) === sector(nms[i + 1])) { leapIdx = i; break; }
    }
  }
  const idx = (leapIdx === 1 || leapIdx === 2) ? 3 : 2;
  return {tet: nms[idx], leapIdx};
}
const fmt = (d) => new Date(d * DAY).toISOString().slice(0, 10);
const from = +process.argv[2], to = +process.argv[3];
for (let y = from; y <= to; y++) {
  const r = tet(y), n = tet(y + 1);
  let leap = 0;
  if (r.leapIdx >= 3) leap = r.leapIdx - 2;
  if (n.leapIdx === 1) leap = 11;
  if (n.leapIdx === 2) leap = 12;
  console.log(fmt(r.tet) + ' ' + leap);
}
