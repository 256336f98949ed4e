# report-html.sh: report.html of the alfa-2016 demo, opened in headless
# Chromium (Debian's chromium; skip when absent). The case is made as
# casefiles/alfa-2016/demo.sh makes it (synth, ingest, claims --out). Then:
#   - the DOM after Chromium parsed it (--dump-dom) has the claims table
#     with one row per claim of claims.ini, the daily chart with one line
#     per organisation a claim names for the host plus the total, one point
#     per day of the window, and an hour-of-day chart of 24 bars for each
#     zone a claim names;
#   - laid out in the browser (a page that loads the report in a frame and
#     measures it), every chart is an SVG element with a size, every line
#     and bar has one, and no label falls outside its chart;
#   - a screenshot of the page is not blank, holds pixels of the colours
#     the charts' lines and bars are drawn in, and is not blank where the
#     browser laid out each chart;
#   - what a crop or a print keeps says what it is: the synthetic banner at
#     the top and a synthetic note under every chart, titled axes, legend
#     swatches, event markers numbered in the SVG and listed, the query and
#     its SHA-256 under every chart with its data as a CSV that exists,
#     the tally of verdicts, each figure linked to its records;
#   - chromium --print-to-pdf gives a PDF whose every page, rendered by
#     pdftoppm, is not blank and (pdftotext) carries the banner.
# Expected counts come from claims.ini, not from the report. The DOM and
# PNG are read with python3's standard library.
. "$TOP/tests/e2e/lib.sh"

CHROME=
for c in chromium chromium-browser; do
	command -v "$c" >/dev/null 2>&1 && { CHROME=$c; break; }
done
if [ -z "$CHROME" ]; then
	skip "report.html in headless Chromium: chromium is not installed (apt-get install chromium)"
	exit 0
fi
need_cmd python3 "report.html in headless Chromium" || exit 0

CLAIMS=$TOP/casefiles/alfa-2016/claims.ini
. "$TOP/tests/e2e/demo-case.inc"
if demo_case "$T/demo" >demo.log 2>&1; then
	ok "demo case and report made"
else
	notok "demo case and report made"
	tail -5 demo.log | sed 's/^/#   /'
	exit 0
fi
REPORT=$T/demo/report/report.html
check "report.html written" test -s "$REPORT"

# chrome ARGS...: headless Chromium, its own profile, no sandbox (root in
# CI), bounded in time; its noise on stderr (dbus, GPU) goes to chrome.err.
chrome() {
	timeout 120 "$CHROME" --headless=new --no-sandbox --disable-gpu --no-first-run \
	    --user-data-dir="$T/profile" --hide-scrollbars "$@" 2>>chrome.err
}

# What claims.ini says the report must show: claims; the host most claims
# name; organisations named alone by a claim about it; zones named by a
# claim with a host; the days from the common since to until.
awk '
	/^\[claim / { n++; host = ""; org = ""; tz = ""; next }
	/^\[/ { host = ""; next }
	/^[ \t]*(#|;|$)/ { next }
	{ k = $0; sub(/[ \t]*=.*/, "", k); v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]+$/, "", v) }
	k == "host" { h[n] = v; hc[v]++ }
	k == "org" { o[n] = v }
	k == "tz" { z[n] = v }
	k == "since" { s[n] = v }
	k == "until" { u[n] = v }
	END {
		for (x in hc) if (hc[x] > best) { best = hc[x]; host = x }
		for (i = 1; i <= n; i++) {
			if (h[i] != host) continue
			if (o[i] != "" && o[i] !~ /,/ && !(o[i] in seen)) { seen[o[i]] = 1; norg++ }
			if (s[i] != "") since[s[i]]++
			if (u[i] != "") until[u[i]]++
		}
		for (i = 1; i <= n; i++) {
			if (z[i] == "" || h[i] == "") continue
			m = split(z[i], zz, ",")
			for (j = 1; j <= m; j++) if (!(zz[j] in zs)) { zs[zz[j]] = 1; zones = zones " " zz[j] }
		}
		for (x in since) if (since[x] > bs) { bs = since[x]; s0 = x }
		for (x in until) if (until[x] > bu) { bu = until[x]; u0 = x }
		printf "claims=%d\nhost=%s\nseries=%d\nzones=\"%s\"\nsince=%s\nuntil=%s\n",
		    n, host, norg + 1, zones, s0, u0
	}' "$CLAIMS" >expect.sh
. ./expect.sh
DAYS=$(( ($(date -u -d "$until" +%s) - $(date -u -d "$since" +%s)) / 86400 ))

# ---------------------------------------------------------------- the DOM
if chrome --dump-dom "file://$REPORT" >dom.html && [ -s dom.html ]; then
	ok "chromium --dump-dom report.html"
else
	notok "chromium --dump-dom report.html"
	tail -3 chrome.err | sed 's/^/#   /'
fi
python3 - dom.html "$claims" "$series" "$DAYS" $zones <<'EOF' >dom.out
import sys
from html.parser import HTMLParser

path, nclaims, nseries, ndays, zones = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
    int(sys.argv[4]), sys.argv[5:]

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.rows, self.svgs, self.h3, self.last_h3 = [], {}, [], [], None
        self.text = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("br", "meta", "link", "img", "input", "hr"):
            return
        self.stack.append((tag, a))
        if tag == "tr":
            for t, ta in reversed(self.stack[:-1]):
                if t == "table":
                    self.rows[ta.get("id")] = self.rows.get(ta.get("id"), 0) + 1
                    break
        if tag == "svg":
            self.svgs.append({"attrs": a, "title": self.last_h3, "polyline": [], "rect": 0,
                              "axis": 0, "swatch": 0, "events": 0})
        if self.svgs and any(t == "svg" for t, _ in self.stack):
            if tag == "polyline" and "series" in a.get("class", ""):
                self.svgs[-1]["polyline"].append(len(a.get("points", "").split()))
            if tag == "rect" and "bar" in a.get("class", "").split():
                self.svgs[-1]["rect"] += 1
            if tag == "rect" and "swatch" in a.get("class", "").split():
                self.svgs[-1]["swatch"] += 1
            if tag == "text" and "axis-title" in a.get("class", ""):
                self.svgs[-1]["axis"] += 1
            if tag == "g" and a.get("class") == "event":
                self.svgs[-1]["events"] += 1
        if tag == "h3":
            self.text = ""
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)
    def handle_endtag(self, tag):
        if tag in ("br", "meta", "link", "img", "input", "hr"):
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "h3":
            self.last_h3, self.text = self.text, None
    def handle_data(self, d):
        if self.text is not None:
            self.text += d

p = P()
p.feed(open(path, encoding="utf-8").read())
def say(ok, name):
    print(("ok " if ok else "not ok ") + name)
say(p.rows.get("claims", 0) == nclaims + 1,
    "claims table: one row per claim of claims.ini (%d), plus the header (found %d rows)"
    % (nclaims, p.rows.get("claims", 0)))
daily = [s for s in p.svgs if s["attrs"].get("id") == "daily"]
say(len(daily) == 1, "one daily-lookups chart")
if daily:
    d = daily[0]
    say(len(d["polyline"]) == nseries,
        "daily chart: one line per organisation named for the host, plus the total (%d, found %d)"
        % (nseries, len(d["polyline"])))
    say(all(n == ndays for n in d["polyline"]),
        "daily chart: every line has one point per day of the window (%d; found %s)"
        % (ndays, d["polyline"]))
hours = [s for s in p.svgs if "hours" in s["attrs"].get("class", "")]
for z in zones:
    mine = [s for s in hours if s["title"] and ("in " + z + ",") in s["title"]]
    say(len(mine) >= 1 and all(s["rect"] == 24 for s in mine),
        "hour-of-day chart for %s with 24 bars (found %s)" % (z, [s["rect"] for s in mine]))
say(len(hours) == len(zones), "one hour-of-day chart per zone a claim names (%d, found %d)"
    % (len(zones), len(hours)))
say(any("status" in s["attrs"].get("class", "") for s in p.svgs), "resolution-status chart")
charts = [s for s in p.svgs if "chart" in s["attrs"].get("class", "")]
say(charts and all(s["swatch"] >= 2 for s in charts),
    "every chart has a legend with swatches (%s)" % [s["swatch"] for s in charts])
say(all(s["axis"] >= 2 for s in charts if "status" not in s["attrs"].get("class", "")),
    "every plot has titled axes (%s)" % [s["axis"] for s in charts])
if daily:
    say(daily[0]["events"] >= 5, "daily chart: timeline events marked (%d markers)" % daily[0]["events"])
EOF
cat dom.out

# What a crop keeps, in the report as written.
python3 - "$REPORT" <<'PYEOF'
import os, re, sys
path = sys.argv[1]
d = os.path.dirname(path)
h = open(path, encoding="utf-8").read()
def say(ok, name):
    print(("ok " if ok else "not ok ") + name)
say(re.search(r'<div class="banner"[^>]*><strong>SYNTHETIC EVIDENCE', h[:20000]) is not None,
    "the synthetic banner opens the page")
say('@top-center{content:"SYNTHETIC EVIDENCE' in h,
    "the banner is on every printed page (an @page margin box)")
figs = re.findall(r'<figure class="chartbox">(.*?)</figure>', h, re.S)
say(len(figs) >= 3 and all('class="synthnote"' in f for f in figs),
    "a synthetic note under every chart (%d charts)" % len(figs))
say(figs and all(re.search(r'Query <code>[a-z_]+</code> \(SHA-256 <code>[0-9a-f]{64}</code>\)', f)
    for f in figs), "every chart names its query and the query's SHA-256")
csvs = [re.search(r'Data: <a href="(charts/[^"]+\.csv)"', f) for f in figs]
say(csvs and all(c and os.path.getsize(os.path.join(d, c.group(1))) > 0 for c in csvs),
    "every chart's data is a CSV beside the report")
rows = re.findall(r'<table class="events">(.*?)</table>', h, re.S)
say(rows and len(re.findall(r"<tr><td>\d+</td>", rows[0])) >= 5,
    "the daily chart's events are listed under it, numbered")
say(re.search(r'<p class="tally">.*SUPPORTED.*CONTRADICTED.*UNTESTABLE', h) is not None,
    "a tally of verdicts at the top")
say('class="description"' in h, "the case's description")
links = sorted(set(re.findall(r'href="(records/[^"]+)"', h)))
say(links and all(os.path.exists(os.path.join(d, l)) for l in links),
    "every figure links to its records (%d links, every file there)" % len(links))
say(h.count('<span class="chance">AT CHANCE</span>') >= 1, "a figure at chance is flagged")
PYEOF

# ---------------------------------------------------------------- layout
# measure.html loads the report in a frame and writes what the browser laid
# out into its own DOM, which --dump-dom prints.
cat >measure.html <<'EOF'
<!DOCTYPE html><html><body><pre id="out">not measured</pre>
<iframe id="f" src="report.html" scrolling="no" style="width:1100px;height:800px;border:0"></iframe>
<script>
document.getElementById("f").onload = function () {
	var d = this.contentDocument, out = [], bad = [], svgs = d.querySelectorAll("svg.chart");
	out.push("charts " + svgs.length);
	svgs.forEach(function (s, i) {
		var r = s.getBoundingClientRect(), vb = s.viewBox.baseVal, name = s.getAttribute("aria-label");
		var svg = s.namespaceURI == "http://www.w3.org/2000/svg" &&
		    typeof s.getBBox == "function";

		out.push("chart " + i + " " + name + " svg=" + svg + " size=" + Math.round(r.width) +
		    "x" + Math.round(r.height));
		s.querySelectorAll("polyline, rect").forEach(function (e) {
			var b = e.getBBox();
			if (e.tagName == "polyline" && !(b.width > 0 && e.getTotalLength() > 0))
				bad.push("empty line in " + name);
			if (e.tagName == "rect" && !(b.width > 0))
				bad.push("rect without width in " + name);
		});
		/* on screen, so a rotated axis title is measured as drawn */
		s.querySelectorAll("text").forEach(function (e) {
			var b = e.getBoundingClientRect();
			if (b.left < r.left - 0.5 || b.top < r.top - 0.5 || b.right > r.right + 0.5 ||
			    b.bottom > r.bottom + 0.5)
				bad.push("label '" + e.textContent + "' outside " + name + " (" +
				    Math.round(b.left - r.left) + "," + Math.round(b.top - r.top) + " " +
				    Math.round(b.width) + "x" + Math.round(b.height) + " in " +
				    Math.round(r.width) + "x" + Math.round(r.height) + ")");
		});
		out.push("rect " + i + " " + Math.round(r.left + d.defaultView.scrollX) + " " +
		    Math.round(r.top + d.defaultView.scrollY) + " " + Math.round(r.width) + " " +
		    Math.round(r.height));
	});
	var w = d.documentElement.scrollWidth;
	out.push("page width " + w);
	bad.forEach(function (b) { out.push("problem " + b); });
	document.getElementById("out").textContent = out.join("\n");
};
</script></body></html>
EOF
cp measure.html "$T/demo/report/measure.html"
chrome --allow-file-access-from-files --virtual-time-budget=10000 --window-size=1200,900 \
    --dump-dom "file://$T/demo/report/measure.html" >measure.out
python3 - measure.out "$zones" <<'EOF'
import html, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<pre id="out">(.*?)</pre>', text, re.S)
lines = html.unescape(m.group(1)).splitlines() if m else []
nz = len(sys.argv[2].split())
charts = [l for l in lines if l.startswith("chart ")]
def say(ok, name):
    print(("ok " if ok else "not ok ") + name)
say(len(charts) >= 2 + nz, "laid out: %d charts measured (want at least %d)" % (len(charts), 2 + nz))
sized = [l for l in charts if "svg=true" in l and not re.search(r"size=0x|x0$", l)]
say(charts and len(sized) == len(charts), "laid out: every chart is an SVG element with a size")
problems = [l for l in lines if l.startswith("problem ")]
say(not [p for p in problems if "label" not in p], "laid out: every line and bar has a size")
say(not [p for p in problems if "label" in p], "laid out: every label inside its chart")
for p in problems[:10]:
    print("#   " + p)
for l in lines:
    if l.startswith("page width") and int(l.split()[-1]) > 1200:
        print("#   note: the page is wider than the window: " + l)
EOF

# ---------------------------------------------------------------- pixels
# png.py: a PNG's pixel rows, read with the standard library only (8-bit
# grey, RGB or RGBA; the five filters of PNG section 9).
cat >png.py <<'PYEOF'
import struct, zlib

def rows(path):
    """(width, height, bytes per pixel, rows of unfiltered bytes)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = {0: 1, 2: 3, 6: 4}.get(ctype)
    if depth != 8 or bpp is None:
        raise ValueError("depth %d, colour type %d" % (depth, ctype))
    raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line))
        prev = line
    return w, h, bpp, out
PYEOF

chrome --window-size=1100,14000 --screenshot="$T/shot.png" "file://$REPORT" >/dev/null
check "chromium --screenshot wrote a PNG" test -s "$T/shot.png"
# the colours the charts are drawn in, as the DOM gives them
COLOURS=$(grep -o '<\(polyline\|rect\)[^>]*\(stroke\|fill\)="#[0-9a-fA-F]\{3,6\}"' dom.html |
    sed -n 's/.*\(stroke\|fill\)="\(#[0-9a-fA-F]*\)".*/\2/p' | sort -u | tr '\n' ' ')
# where the browser laid out each chart (measure.html)
sed -n 's/.*\(rect [0-9]* -\{0,1\}[0-9]* -\{0,1\}[0-9]* [0-9]* [0-9]*\).*/\1/p' measure.out >rects
python3 - "$T/shot.png" rects $COLOURS <<'PYEOF'
import sys
sys.path.insert(0, ".")
from png import rows
def say(ok, name):
    print(("ok " if ok else "not ok ") + name)
try:
    w, h, bpp, px = rows(sys.argv[1])
except (ValueError, OSError) as e:
    say(False, "screenshot is an 8-bit RGB or RGBA PNG (%s)" % e); sys.exit(0)
rects, want = [l.split()[2:] for l in open(sys.argv[2])], sys.argv[3:]
colours = set()
for line in px:
    for i in range(0, w * bpp, bpp):
        colours.add(line[i:i + 3])
say(len(colours) > 64, "screenshot is not blank: %d distinct colours (want > 64)" % len(colours))
def rgb(s):
    s = s.lstrip("#")
    if len(s) == 3: s = "".join(ch * 2 for ch in s)
    return bytes.fromhex(s)
missing = [c for c in want if rgb(c) not in colours]
say(want and not missing, "screenshot has pixels of each chart colour %s%s"
    % (" ".join(want), " (missing %s)" % " ".join(missing) if missing else ""))
# no chart is an empty box: ink where each was laid out
blank = []
for x, y, rw, rh in ([int(v) for v in r] for r in rects):
    inked = total = 0
    for yy in range(max(y, 0), min(y + rh, h), 2):
        for xx in range(max(x, 0), min(x + rw, w), 2):
            total += 1
            inked += px[yy][xx * bpp:xx * bpp + 3] != b"\xff\xff\xff"
    if total == 0 or inked < total // 50:
        blank.append((x, y, rw, rh, inked, total))
say(rects and not blank, "screenshot: ink where each of the %d charts was laid out%s"
    % (len(rects), " (blank: %s)" % blank if blank else ""))
PYEOF

# ---------------------------------------------------------------- print
if need_cmd pdftoppm "report.html printed to PDF and rendered" &&
    need_cmd pdftotext "report.html printed to PDF and rendered"; then
	chrome --no-pdf-header-footer --print-to-pdf="$T/report.pdf" "file://$REPORT" >/dev/null
	check "chromium --print-to-pdf wrote a PDF" test -s "$T/report.pdf"
	pdftoppm -r 40 -png "$T/report.pdf" "$T/page" 2>/dev/null
	pages=$(ls "$T"/page-*.png 2>/dev/null | wc -l)
	check "pdftoppm renders the PDF's pages ($pages)" test "$pages" -ge 3
	nobanner=0 blankpages=0
	for i in $(seq 1 "$pages"); do
		pdftotext -f "$i" -l "$i" "$T/report.pdf" - 2>/dev/null | grep -q "SYNTHETIC EVIDENCE" ||
		    nobanner=$((nobanner + 1))
	done
	check "every printed page carries the synthetic banner ($pages pages, $nobanner without)" \
	    test "$nobanner" -eq 0
	for png in "$T"/page-*.png; do
		python3 - "$png" <<'PYEOF' || blankpages=$((blankpages + 1))
import sys
sys.path.insert(0, ".")
from png import rows
w, h, bpp, px = rows(sys.argv[1])
# ink on at most one row in fifty: a blank page (or the banner alone)
inked = sum(1 for line in px if line.count(b"\xff") < len(line) - 3 * bpp)
sys.exit(0 if inked > h // 50 else 1)
PYEOF
	done
	check "no printed page is blank ($blankpages blank of $pages)" test "$blankpages" -eq 0
fi
